using NetMQ;

namespace Decnet.Bus;

/// <summary>Applies the CURVE roles to NetMQ sockets; see <see cref="BusCredentials"/> for why the server key is the secret.</summary>
internal static class CurveSecurity
{
    public static void MakeServer(NetMQSocket socket, BusCredentials credentials)
    {
        socket.Options.CurveServer = true;
        socket.Options.CurveCertificate = credentials.ServerCertificate;
    }

    /// <summary>Each client socket gets a fresh ephemeral key pair: the server cannot check client keys anyway (no ZAP).</summary>
    public static void MakeClient(NetMQSocket socket, BusCredentials credentials)
    {
        socket.Options.CurveServerKey = credentials.ServerPublicKey;
        socket.Options.CurveCertificate = new NetMQCertificate();
    }
}
