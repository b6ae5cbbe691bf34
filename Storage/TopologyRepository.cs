using Decnet.Engine.Topology;
using Decnet.Storage.Codecs;
using LiteDB;

namespace Decnet.Storage;

/// <summary>
/// The <c>topologies</c> and <c>topology_layouts</c> collections. The layout never changes after
/// <see cref="Insert"/>; status changes go through <see cref="TransitionStatus"/>, which checks the status machine and
/// the optimistic-lock version inside one transaction, so a losing concurrent change writes nothing.
/// </summary>
public sealed class TopologyRepository
{
    private readonly DecnetStore _store;
    private readonly ILiteCollection<BsonDocument> _headers;
    private readonly ILiteCollection<BsonDocument> _layouts;

    internal TopologyRepository(DecnetStore store, LiteDatabase db)
    {
        _store = store;
        _headers = db.GetCollection(TopologyCodec.Collection);
        _layouts = db.GetCollection(TopologyCodec.LayoutCollection);
    }

    /// <summary>Stores a new topology (version 1); throws when the id or the name is taken.</summary>
    public void Insert(Topology t) => _store.InTransaction(() =>
    {
        if (_headers.FindById(t.Id) is not null) throw new InvalidOperationException($"topology id {t.Id} already exists");
        if (FindByName(t.Name) is not null) throw new InvalidOperationException($"a topology named '{t.Name}' already exists");
        _headers.Insert(TopologyCodec.EncodeHeader(t));
        _layouts.Insert(TopologyCodec.EncodeLayout(t));
    });

    public Topology? Get(string id)
    {
        var header = _headers.FindById(id);
        if (header is null) return null;
        var layout = _layouts.FindById(id) ?? throw new StoreFormatException($"stored topology {id}: layout is missing");
        return TopologyCodec.Decode(header, layout);
    }

    /// <summary>By id, or else by (unique) name: what an operator types after `topology show`.</summary>
    public Topology? Find(string idOrName) => Get(idOrName) ?? (FindByName(idOrName) is { } h ? Get(h["_id"].AsString) : null);

    private BsonDocument? FindByName(string name) => _headers.FindOne(Query.EQ(TopologyCodec.NameField, name));

    /// <summary>Every topology's header, oldest first.</summary>
    public IReadOnlyList<TopologySummary> List() =>
        _headers.FindAll().Select(TopologyCodec.DecodeSummary).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();

    /// <summary>The LAN subnets of every stored topology except <paramref name="exceptId"/>: for allocation and the overlap rule.</summary>
    public IReadOnlyList<ForeignSubnet> Subnets(string? exceptId = null)
    {
        var result = new List<ForeignSubnet>();
        foreach (var h in _headers.FindAll())
        {
            var id = h["_id"].AsString;
            if (id == exceptId) continue;
            var name = h[TopologyCodec.NameField].AsString;
            foreach (var s in TopologyCodec.DecodeSubnets(h)) result.Add(new ForeignSubnet(name, s));
        }
        return result;
    }

    /// <summary>
    /// Moves <paramref name="id"/> to <paramref name="to"/> when its stored version is still <paramref name="expectedVersion"/>
    /// and the move is legal; stores the event, bumps the version, and returns the header (layout empty).
    /// Throws <see cref="TopologyVersionConflictException"/> or <see cref="IllegalTransitionException"/>; nothing is written then.
    /// </summary>
    public Topology TransitionStatus(string id, long expectedVersion, TopologyStatus to, string reason, DateTimeOffset at) => _store.InTransaction(() =>
    {
        var header = _headers.FindById(id) ?? throw new InvalidOperationException($"no topology {id}");
        var current = TopologyCodec.DecodeHeader(header);
        if (current.Version != expectedVersion) throw new TopologyVersionConflictException(id, expectedVersion, current.Version);
        TopologyStatusMachine.Require(id, current.Status, to);
        var changed = current with
        {
            Status = to,
            Version = current.Version + 1,
            UpdatedAt = at,
            Events = [.. current.Events, new StatusEvent(current.Status, to, reason, at)],
        };
        var doc = TopologyCodec.EncodeHeader(changed);
        // The header keeps the subnets and counts of the layout; re-encoding from an empty layout would lose them.
        doc["subnets"] = header["subnets"];
        doc["lan_count"] = header["lan_count"];
        doc["decky_count"] = header["decky_count"];
        _headers.Update(doc);
        return changed;
    });

    /// <summary>Deletes a topology that never ran or is torn down (and still at <paramref name="expectedVersion"/>).</summary>
    public void Delete(string id, long expectedVersion) => _store.InTransaction(() =>
    {
        var header = _headers.FindById(id) ?? throw new InvalidOperationException($"no topology {id}");
        var current = TopologyCodec.DecodeHeader(header);
        if (current.Version != expectedVersion) throw new TopologyVersionConflictException(id, expectedVersion, current.Version);
        if (!TopologyStatusMachine.MayDelete(current.Status))
            throw new InvalidOperationException($"topology {id} is {current.Status.Name()}: only a pending or torn_down topology can be deleted (run 'decnet topology teardown {id}' first)");
        _headers.Delete(id);
        _layouts.Delete(id);
    });

    /// <summary>
    /// Every decky, in every stored topology, that declares at least one of <paramref name="services"/> (e.g. "imap",
    /// "pop3"), with its topology's id, name and status; emailgen keeps the mailboxes of these deckies stocked.
    /// Ordered by topology creation, then layout order.
    /// </summary>
    public IReadOnlyList<DeckyPlacement> DeckiesOffering(IReadOnlyCollection<string> services)
    {
        var wanted = services.ToHashSet(StringComparer.Ordinal);
        var result = new List<DeckyPlacement>();
        foreach (var summary in List())
        {
            var t = Get(summary.Id);
            if (t is null) continue;
            foreach (var d in t.Deckies)
                if (d.Services.Any(wanted.Contains)) result.Add(new DeckyPlacement(t.Id, t.Name, t.Status, d));
        }
        return result;
    }

    public int Count() => _headers.Count();
}
