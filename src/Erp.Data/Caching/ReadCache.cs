namespace Erp.Data.Caching;

/// <summary>How long an entry may live: records and lists share the general timings, the dashboard has its own.</summary>
public enum CacheEntryKind
{
    Record,
    Dashboard,
}

/// <summary>
/// The cache the stores' read methods go through (ADR 0010). The web app supplies the FusionCache
/// one; without it (data-layer tests, command-line verbs) every read goes to the database.
/// </summary>
public interface IReadCache
{
    /// <summary>
    /// The cached value of <paramref name="key"/>, or what <paramref name="read"/> returns, stored with
    /// the tags <paramref name="tagsOf"/> names for that value (an order is tagged with its customer and products).
    /// </summary>
    ValueTask<T> GetOrSetAsync<T>(string key, Func<CancellationToken, Task<T>> read, Func<T, IEnumerable<string>> tagsOf,
        CancellationToken ct, CacheEntryKind kind = CacheEntryKind.Record);

    ValueTask RemoveByTagsAsync(IEnumerable<string> tags, CancellationToken ct);
}

/// <summary>No cache: reads straight from the database.</summary>
public sealed class NoReadCache : IReadCache
{
    public static NoReadCache Instance { get; } = new();

    public async ValueTask<T> GetOrSetAsync<T>(string key, Func<CancellationToken, Task<T>> read, Func<T, IEnumerable<string>> tagsOf,
        CancellationToken ct, CacheEntryKind kind = CacheEntryKind.Record) => await read(ct);

    public ValueTask RemoveByTagsAsync(IEnumerable<string> tags, CancellationToken ct) => ValueTask.CompletedTask;
}
