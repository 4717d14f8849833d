using System.Security.Cryptography;

namespace Erp.Web.Security;

/// <summary>
/// The Content-Security-Policy nonce of one response (ADR 0013): 32 bytes from the operating system's CSPRNG, base64,
/// made on first use and the same for the CSP header (<see cref="SecurityHeaders"/>) and every script tag of the page
/// (<c>nonce="@Context.GetNonce()"</c> in the layout).
/// </summary>
public static class CspNonce
{
    public const int Bytes = 32;

    /// <summary>How many nonces' worth of random bytes one call to the operating system fetches.</summary>
    private const int NoncesPerFill = 64;

    private static readonly object ItemKey = new();

    [ThreadStatic] private static byte[]? _random;
    [ThreadStatic] private static int _next;

    /// <summary>The response's nonce, made on first use.</summary>
    public static string GetNonce(this HttpContext context)
    {
        if (context.Items[ItemKey] is not string nonce)
        {
            nonce = Create();
            context.Items[ItemKey] = nonce;
        }
        return nonce;
    }

    /// <summary>
    /// A fresh nonce. Asking the operating system for 32 random bytes is a system call (~1 µs here, as much as the rest of the
    /// edge together): each thread fetches 64 nonces' worth at once and hands out every slice exactly once, wiping it as it
    /// goes. The bytes are the CSPRNG's all the same: slicing its output takes nothing from it.
    /// </summary>
    public static string Create()
    {
        var random = _random;
        if (random is null || _next + Bytes > random.Length)
        {
            random = _random ??= new byte[Bytes * NoncesPerFill];
            RandomNumberGenerator.Fill(random);
            _next = 0;
        }
        var slice = random.AsSpan(_next, Bytes);
        _next += Bytes;
        var nonce = Convert.ToBase64String(slice);
        slice.Clear();
        return nonce;
    }
}
