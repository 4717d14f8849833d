using System.Buffers.Text;
using Erp.Data.Paging;
using Erp.Web.Paging;

namespace Erp.Tests.Unit;

public sealed class CursorCodecTests
{
    private static readonly CursorCodec Codec = new("unit-test-signing-key-0123456789abcdef");
    private static readonly CursorScope Orders = new("orders", "Date", "status=draft;customer=;from=;to=");

    public static TheoryData<object> Keys() => new()
    {
        new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Unspecified).AddTicks(1234560), // microsecond precision
        123456789012.34m,
        0.01m,
        "Zoë & Søn, Ltd.",
        "",
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Round_trip_keeps_key_at_column_precision_and_id(object key)
    {
        var cursor = Codec.Encode(Orders, new KeysetPosition(key, 987654321));

        var position = Codec.Decode(cursor, Orders);

        Assert.Equal(key, position.Key);
        Assert.Equal(987654321, position.Id);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.DoesNotContain('=', cursor);
    }

    [Fact]
    public void Every_flipped_bit_is_detected()
    {
        var cursor = Codec.Encode(Orders, new KeysetPosition(new DateTime(2026, 1, 1), 42));
        var bytes = Base64Url.DecodeFromChars(cursor);

        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            var error = Assert.Throws<InvalidCursorException>(() => Codec.Decode(Base64Url.EncodeToString(tampered), Orders));
            Assert.Equal(CursorCodec.Changed, error.Message);
        }
    }

    [Fact]
    public void Truncated_cursor_is_refused_at_every_length()
    {
        var cursor = Codec.Encode(Orders, new KeysetPosition("Acme", 7));

        for (var length = 0; length < cursor.Length; length++)
        {
            Assert.Throws<InvalidCursorException>(() => Codec.Decode(cursor[..length], Orders));
        }
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    [InlineData("%%%")]
    public void Garbage_is_refused_as_changed(string cursor)
    {
        var error = Assert.Throws<InvalidCursorException>(() => Codec.Decode(cursor, Orders));

        Assert.Equal(CursorCodec.Changed, error.Message);
    }

    [Fact]
    public void Cursor_from_another_key_is_refused()
    {
        var other = new CursorCodec("another-signing-key-0123456789abcdef!!");
        var cursor = other.Encode(Orders, new KeysetPosition(1m, 1));

        Assert.Throws<InvalidCursorException>(() => Codec.Decode(cursor, Orders));
    }

    [Theory]
    [InlineData("customers", "Date", "status=draft;customer=;from=;to=")]
    [InlineData("orders", "Total", "status=draft;customer=;from=;to=")]
    [InlineData("orders", "Date", "status=shipped;customer=;from=;to=")]
    public void Cursor_for_another_list_sort_or_filter_is_refused_as_foreign(string list, string sort, string filters)
    {
        var cursor = Codec.Encode(Orders, new KeysetPosition(new DateTime(2026, 1, 1), 42));

        var error = Assert.Throws<InvalidCursorException>(() => Codec.Decode(cursor, new CursorScope(list, sort, filters)));

        Assert.Equal(CursorCodec.Foreign, error.Message);
    }

    [Fact]
    public void A_short_signing_key_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new CursorCodec("too-short"));
    }

    [Fact]
    public void Codecs_with_different_keys_on_the_same_threads_never_sign_with_each_others_key()
    {
        // Each thread keeps one keyed HMAC (CursorCodec.Mac); alternating codecs on the same threads must re-key it,
        // and alternating scopes must not reuse another scope's hash.
        var other = new CursorCodec("another-signing-key-abcdefghijklmnopqrstuvwxyz");
        var customers = new CursorScope("customers", "Name", "q=");
        Parallel.For(0, 2_000, i =>
        {
            var (codec, stranger, scope) = i % 2 == 0 ? (Codec, other, Orders) : (other, Codec, customers);
            var cursor = codec.Encode(scope, new KeysetPosition(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i));
            Assert.Equal(i, codec.Decode(cursor, scope).Id);
            Assert.Equal(CursorCodec.Changed, Assert.Throws<InvalidCursorException>(() => stranger.Decode(cursor, scope)).Message);
        });
    }
}
