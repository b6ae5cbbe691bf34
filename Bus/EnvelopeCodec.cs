using System.Buffers;
using System.Text.Json;

namespace Decnet.Bus;

/// <summary>
/// The envelope's wire form, compact JSON:
/// <c>{"v":1,"id":"…","ts":"…Z","topic":"…","type":"…","payload":&lt;raw json&gt;}</c>.
/// The payload is copied in and sliced out as raw bytes; it is never re-serialised.
/// </summary>
public static class EnvelopeCodec
{
    private static readonly JsonEncodedText V = JsonEncodedText.Encode("v");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TsName = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText TopicName = JsonEncodedText.Encode("topic");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText PayloadName = JsonEncodedText.Encode("payload");

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    public static byte[] Encode(BusEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + envelope.Payload.Length);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        Write(writer, envelope);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one envelope into <paramref name="writer"/> and flushes it.</summary>
    public static void Write(Utf8JsonWriter writer, BusEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (string.IsNullOrEmpty(envelope.Id)) throw new ArgumentException("envelope id is empty", nameof(envelope));
        Write(writer, envelope.Id, envelope.Ts, envelope.Topic, envelope.Type, envelope.Payload.Span);
    }

    internal static void Write(Utf8JsonWriter writer, string id, DateTimeOffset ts, string topic, string type, ReadOnlySpan<byte> payload)
    {
        writer.WriteStartObject();
        writer.WriteNumber(V, BusEnvelope.CurrentVersion);
        writer.WriteString(IdName, id);
        WriteRest(writer, ts, topic, type, payload);
    }

    /// <summary>The publish path: the id arrives as 26 ASCII bytes freshly minted, so no string is made.</summary>
    internal static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> idUtf8, DateTimeOffset ts, string topic, string type, ReadOnlySpan<byte> payload)
    {
        writer.WriteStartObject();
        writer.WriteNumber(V, BusEnvelope.CurrentVersion);
        writer.WriteString(IdName, idUtf8);
        WriteRest(writer, ts, topic, type, payload);
    }

    private static void WriteRest(Utf8JsonWriter writer, DateTimeOffset ts, string topic, string type, ReadOnlySpan<byte> payload)
    {
        if (string.IsNullOrEmpty(type)) throw new ArgumentException("envelope type is empty", nameof(type));
        if (payload.IsEmpty) throw new ArgumentException("envelope payload is empty (it must be a JSON value, e.g. {} or null)", nameof(payload));
        writer.WriteString(TsName, ts.UtcDateTime); // a UTC DateTime is written with the 'Z' suffix
        writer.WriteString(TopicName, topic);
        writer.WriteString(TypeName, type);
        writer.WritePropertyName(PayloadName);
        try
        {
            writer.WriteRawValue(payload); // validated: a bad payload fails here, at the publisher, not at every subscriber
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"envelope payload is not valid JSON: {e.Message}", nameof(payload), e);
        }
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>
    /// The checks <see cref="Write(Utf8JsonWriter, BusEnvelope)"/> makes, without writing: the in-process hub hands
    /// envelope objects over as they are, and a bad one must still fail at its publisher.
    /// </summary>
    internal static void RequireValid(BusEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (string.IsNullOrEmpty(envelope.Id)) throw new ArgumentException("envelope id is empty", nameof(envelope));
        if (string.IsNullOrEmpty(envelope.Type)) throw new ArgumentException("envelope type is empty", nameof(envelope));
        var payload = envelope.Payload.Span;
        if (payload.IsEmpty) throw new ArgumentException("envelope payload is empty (it must be a JSON value, e.g. {} or null)", nameof(envelope));
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read()) throw new ArgumentException("envelope payload is not valid JSON: no value", nameof(envelope));
            reader.Skip();
            if (reader.Read()) throw new ArgumentException("envelope payload is not valid JSON: more than one value", nameof(envelope));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"envelope payload is not valid JSON: {e.Message}", nameof(envelope), e);
        }
    }

    /// <summary>Decodes an envelope; <see cref="BusEnvelope.Payload"/> is a slice of <paramref name="json"/> (no copy).</summary>
    public static BusEnvelope Decode(ReadOnlyMemory<byte> json)
    {
        string? id = null, topic = null, type = null;
        DateTimeOffset? ts = null;
        int? version = null;
        ReadOnlyMemory<byte> payload = default;
        var sawPayload = false;

        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new EnvelopeFormatException("envelope is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("v"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var v))
                        throw new EnvelopeFormatException("envelope field 'v' must be an integer");
                    version = v;
                }
                else if (reader.ValueTextEquals("id"u8)) id = ReadString(ref reader, "id");
                else if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var t))
                        throw new EnvelopeFormatException("envelope field 'ts' must be an ISO 8601 timestamp string");
                    ts = t.ToUniversalTime();
                }
                else if (reader.ValueTextEquals("topic"u8)) topic = ReadString(ref reader, "topic");
                else if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader, "type");
                else if (reader.ValueTextEquals("payload"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    payload = json[start..(int)reader.BytesConsumed];
                    sawPayload = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip(); // unknown fields are tolerated so a newer publisher can add some
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject)
                throw new EnvelopeFormatException("envelope is not a well-formed JSON object");
            if (reader.Read())
                throw new EnvelopeFormatException("trailing data after the envelope object");
        }
        catch (JsonException e)
        {
            throw new EnvelopeFormatException($"envelope is not valid JSON: {e.Message}", e);
        }

        if (version is null) throw new EnvelopeFormatException("envelope missing field 'v'");
        if (version != BusEnvelope.CurrentVersion)
            throw new EnvelopeFormatException($"unsupported envelope version {version} (this decnet reads version {BusEnvelope.CurrentVersion})");
        if (string.IsNullOrEmpty(id)) throw new EnvelopeFormatException("envelope missing field 'id'");
        if (ts is null) throw new EnvelopeFormatException("envelope missing field 'ts'");
        if (topic is null) throw new EnvelopeFormatException("envelope missing field 'topic'");
        if (!Topics.IsValidTopic(topic, out var topicError)) throw new EnvelopeFormatException($"envelope field 'topic': {topicError}");
        if (string.IsNullOrEmpty(type)) throw new EnvelopeFormatException("envelope missing field 'type'");
        if (!sawPayload) throw new EnvelopeFormatException("envelope missing field 'payload'");
        return new BusEnvelope(id, ts.Value, topic, type, payload);
    }

    private static string ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
            throw new EnvelopeFormatException($"envelope field '{field}' must be a string");
        return reader.GetString()!;
    }
}
