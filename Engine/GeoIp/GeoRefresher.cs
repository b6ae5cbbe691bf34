using System.Net;
using Microsoft.Extensions.Logging;

namespace Decnet.Engine.GeoIp;

/// <summary>
/// `geoip refresh`: fetches the five RIRs' extended delegated-stats files and the iptoasn table into a temporary
/// directory, then hands them to <see cref="GeoDataImporter"/>. Any failure leaves the installed data untouched. One
/// attempt per file, a timeout, and a neutral User-Agent (a honeypot must not announce itself).
/// </summary>
public sealed class GeoRefresher(ILogger logger, TimeSpan timeout)
{
    public const string NeutralUserAgent = "Wget/1.21.3";

    /// <summary>Public locations; a mirror (an operator's own web server) replaces everything before the file name.</summary>
    public static readonly IReadOnlyList<string> OfficialUrls =
    [
        "https://ftp.afrinic.net/pub/stats/afrinic/delegated-afrinic-extended-latest",
        "https://ftp.apnic.net/stats/apnic/delegated-apnic-extended-latest",
        "https://ftp.arin.net/pub/stats/arin/delegated-arin-extended-latest",
        "https://ftp.lacnic.net/pub/stats/lacnic/delegated-lacnic-extended-latest",
        "https://ftp.ripe.net/pub/stats/ripencc/delegated-ripencc-extended-latest",
        "https://iptoasn.com/data/ip2asn-combined.tsv.gz",
    ];

    public static IReadOnlyList<string> Urls(string? mirror) =>
        string.IsNullOrWhiteSpace(mirror) ? OfficialUrls
        : OfficialUrls.Select(u => mirror.TrimEnd('/') + "/" + u[(u.LastIndexOf('/') + 1)..]).ToArray();

    public async Task<IReadOnlyList<ImportedFile>> RefreshAsync(IReadOnlyList<string> urls, string geoipDir, CancellationToken ct)
    {
        var download = Directory.CreateTempSubdirectory("decnet-geoip-");
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(15),
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 3,
                AutomaticDecompression = DecompressionMethods.None,
            }) { Timeout = timeout };
            http.DefaultRequestHeaders.UserAgent.ParseAdd(NeutralUserAgent);
            foreach (var url in urls)
            {
                var target = Path.Combine(download.FullName, url[(url.LastIndexOf('/') + 1)..]);
                logger.LogInformation("geoip: fetching {Url}", url);
                try
                {
                    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                        throw new IOException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                    await using var file = File.Create(target);
                    await response.Content.CopyToAsync(file, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    throw new IOException($"{url}: {(e is TaskCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : e.Message)}", e);
                }
            }
            return new GeoDataImporter(logger).Import([download.FullName], geoipDir);
        }
        finally
        {
            download.Delete(recursive: true);
        }
    }
}
