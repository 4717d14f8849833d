using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Erp.Data.Paging;

namespace Erp.Web.Paging;

/// <summary>What a cursor is valid for: one list, one sort, one set of filters.</summary>
public sealed record CursorScope(string List, string Sort, string Filters);

public sealed class InvalidCursorException(string message) : Exception(message);

/// <summary>
/// Opaque, signed keyset cursors (ADR 0002):
/// version | filter hash (8) | sort name | key (tagged, at column precision) | id | HMAC-SHA256 (first 16 bytes),
/// base64url-encoded. Tampered, truncated or foreign cursors are refused.
/// Every list row carries its own cursor (ADR 0014), so a 50-row page signs 50 times: the scope's hash is
/// computed once per scope, and each thread keeps one keyed HMAC instead of keying a new one per cursor
/// (the one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/> costs about four times as much, ADR 0010).
/// </summary>
public sealed class CursorCodec
{
    public const string ConfigKey = "Cursor:SigningKey";
    public const string Changed = "This page link is not valid (it was changed or cut short). Start again from the first page.";
    public const string Foreign = "This page link belongs to another list, sort or filter. Start again from the first page.";

    private const byte Version = 1;
    private const int MacLength = 16;
    private const byte DateTimeTag = 1, DecimalTag = 2, StringTag = 3;
    private readonly byte[] _key;
    private volatile ScopeHash? _lastScope;

    private sealed record ScopeHash(CursorScope Scope, byte[] Hash);

    /// <summary>One keyed HMAC per thread (an instance is not thread-safe), re-keyed if another codec used the thread.</summary>
    [ThreadStatic]
    private static (CursorCodec Owner, HMACSHA256 Hmac)? t_hmac;

    public CursorCodec(string signingKey)
    {
        if (string.IsNullOrEmpty(signingKey) || signingKey.Length < 32)
        {
            throw new InvalidOperationException($"{ConfigKey} must be at least 32 characters.");
        }
        _key = Encoding.UTF8.GetBytes(signingKey);
    }

    public string Encode(CursorScope scope, KeysetPosition position)
    {
        var buffer = new List<byte>(64) { Version };
        buffer.AddRange(FilterHash(scope));
        AddString(buffer, scope.Sort, byte.MaxValue);
        switch (position.Key)
        {
            case DateTime dateTime:
                buffer.Add(DateTimeTag);
                AddInt64(buffer, dateTime.Ticks / 10); // DATETIME(6): microseconds
                break;
            case decimal number:
                buffer.Add(DecimalTag);
                foreach (var part in decimal.GetBits(number))
                {
                    AddInt64(buffer, part);
                }
                break;
            case string text:
                buffer.Add(StringTag);
                AddString(buffer, text, ushort.MaxValue);
                break;
            default:
                throw new ArgumentException($"Cursor keys are DateTime, decimal or string, not {position.Key.GetType().Name}.");
        }
        AddInt64(buffer, position.Id);
        var payload = buffer.ToArray();
        return Base64Url.EncodeToString([.. payload, .. Mac(payload)]);
    }

    public KeysetPosition Decode(string cursor, CursorScope scope)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            throw new InvalidCursorException(Changed);
        }
        if (bytes.Length < 1 + 8 + 1 + 1 + 8 + MacLength)
        {
            throw new InvalidCursorException(Changed);
        }
        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        if (!CryptographicOperations.FixedTimeEquals(Mac(payload), bytes.AsSpan(bytes.Length - MacLength)))
        {
            throw new InvalidCursorException(Changed);
        }
        // Signed by us from here on: a malformed body would be our own bug.
        if (payload[0] != Version)
        {
            throw new InvalidCursorException("This page link comes from an older version of Erp. Start again from the first page.");
        }
        var reader = new Reader(payload[1..].ToArray());
        var hash = reader.Bytes(8);
        var sort = reader.String(byteLength: true);
        if (!hash.AsSpan().SequenceEqual(FilterHash(scope)) || sort != scope.Sort)
        {
            throw new InvalidCursorException(Foreign);
        }
        object key = reader.Byte() switch
        {
            DateTimeTag => new DateTime(reader.Int64() * 10, DateTimeKind.Unspecified),
            DecimalTag => new decimal([(int)reader.Int64(), (int)reader.Int64(), (int)reader.Int64(), (int)reader.Int64()]),
            StringTag => reader.String(byteLength: false),
            _ => throw new InvalidCursorException(Changed),
        };
        return new KeysetPosition(key, reader.Int64());
    }

    private byte[] Mac(ReadOnlySpan<byte> payload)
    {
        if (t_hmac is not { } cached || !ReferenceEquals(cached.Owner, this))
        {
            t_hmac?.Hmac.Dispose();
            cached = (this, new HMACSHA256(_key));
            t_hmac = cached;
        }
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        cached.Hmac.TryComputeHash(payload, mac, out _);
        return mac[..MacLength].ToArray();
    }

    private byte[] FilterHash(CursorScope scope)
    {
        if (_lastScope is { } last && last.Scope == scope)
        {
            return last.Hash;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope.List}\n{scope.Filters}"))[..8];
        _lastScope = new ScopeHash(scope, hash);
        return hash;
    }

    private static void AddInt64(List<byte> buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    private static void AddString(List<byte> buffer, string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > maxBytes)
        {
            throw new ArgumentException("Cursor text is too long.");
        }
        if (maxBytes == byte.MaxValue)
        {
            buffer.Add((byte)bytes.Length);
        }
        else
        {
            buffer.Add((byte)(bytes.Length >> 8));
            buffer.Add((byte)bytes.Length);
        }
        buffer.AddRange(bytes);
    }

    private sealed class Reader(byte[] data)
    {
        private int _at;

        public byte Byte() => _at < data.Length ? data[_at++] : throw new InvalidCursorException(Changed);

        public byte[] Bytes(int count)
        {
            if (_at + count > data.Length)
            {
                throw new InvalidCursorException(Changed);
            }
            var slice = data[_at..(_at + count)];
            _at += count;
            return slice;
        }

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Bytes(8));

        public string String(bool byteLength)
        {
            var length = byteLength ? Byte() : (Byte() << 8) | Byte();
            return Encoding.UTF8.GetString(Bytes(length));
        }
    }
}
