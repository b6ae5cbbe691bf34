using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Decnet.Engine.Topology;

namespace Decnet.Commands;

/// <summary>`decnet services|archetypes|distros [--json]`: what a MazeNET decky can be. Agent-safe (no store, no state).</summary>
public static class CatalogueCommands
{
    public static void Register(RootCommand root, CommandHost host)
    {
        root.Subcommands.Add(Catalogue(host, "services", "the fake services a decky can run, with their ports", WriteServices));
        root.Subcommands.Add(Catalogue(host, "archetypes", "machine archetypes and their usual services", WriteArchetypes));
        root.Subcommands.Add(Catalogue(host, "distros", "the distros a decky can claim", WriteDistros));
    }

    private static Command Catalogue(CommandHost host, string name, string description, Action<TextWriter, bool> write)
    {
        var json = new Option<bool>("--json") { Description = "one JSON array on stdout" };
        var command = new Command(name, description) { json };
        command.SetAction(ModeGate.AnyMode(host, (ctx, pr, ct) =>
        {
            write(ctx.Out, pr.GetValue(json));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static void WriteServices(TextWriter o, bool json)
    {
        if (json)
        {
            WriteJson(o, w =>
            {
                foreach (var s in ServiceCatalog.All)
                {
                    w.WriteStartObject();
                    w.WriteString("name", s.Name);
                    w.WriteNumber("port", s.Port);
                    w.WriteString("protocol", s.Protocol);
                    w.WriteString("image", s.Image);
                    w.WriteString("description", s.Description);
                    w.WriteEndObject();
                }
            });
            return;
        }
        var table = new TableWriter("SERVICE", "PORT", "PROTO", "DESCRIPTION");
        foreach (var s in ServiceCatalog.All) table.Add(s.Name, s.Port.ToString(CultureInfo.InvariantCulture), s.Protocol, s.Description);
        table.WriteTo(o);
    }

    private static void WriteArchetypes(TextWriter o, bool json)
    {
        if (json)
        {
            WriteJson(o, w =>
            {
                foreach (var a in ArchetypeCatalog.All)
                {
                    w.WriteStartObject();
                    w.WriteString("name", a.Name);
                    w.WriteString("slug", a.Slug);
                    w.WriteString("description", a.Description);
                    Strings(w, "core_services", a.CoreServices);
                    Strings(w, "optional_services", a.OptionalServices);
                    Strings(w, "distros", a.Distros);
                    w.WriteNumber("default_weight", a.DefaultWeight);
                    w.WriteEndObject();
                }
            });
            return;
        }
        var table = new TableWriter("ARCHETYPE", "WEIGHT", "SERVICES (optional in brackets)", "DISTROS");
        foreach (var a in ArchetypeCatalog.All)
            table.Add(a.Name, a.DefaultWeight.ToString(CultureInfo.InvariantCulture),
                string.Join(",", a.CoreServices) + (a.OptionalServices.Length > 0 ? " [" + string.Join(",", a.OptionalServices) + "]" : ""),
                string.Join(",", a.Distros));
        table.WriteTo(o);
    }

    private static void WriteDistros(TextWriter o, bool json)
    {
        if (json)
        {
            WriteJson(o, w =>
            {
                foreach (var d in DistroCatalog.All)
                {
                    w.WriteStartObject();
                    w.WriteString("name", d.Name);
                    w.WriteString("family", d.Family);
                    w.WriteString("image", d.Image);
                    w.WriteString("ssh_banner", d.SshBanner);
                    w.WriteString("http_server", d.HttpServer);
                    w.WriteEndObject();
                }
            });
            return;
        }
        var table = new TableWriter("DISTRO", "FAMILY", "IMAGE", "SSH BANNER");
        foreach (var d in DistroCatalog.All) table.Add(d.Name, d.Family, d.Image, d.SshBanner);
        table.WriteTo(o);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteJson(TextWriter o, Action<Utf8JsonWriter> items)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            items(w);
            w.WriteEndArray();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
