using Erp.Data.Infrastructure;

namespace Erp.Data.Caching;

/// <summary>
/// After a commit, turns the change list ("customer:42", "order:1001") into tag removals
/// (<see cref="CacheKeys.TagsToRemove"/>). The writer's own node drops the entries at once; other
/// nodes hear it through the backplane (ADR 0010).
/// </summary>
public sealed class CacheInvalidation(IReadCache cache) : IAfterCommit
{
    public async Task OnCommittedAsync(CommittedWrite write, CancellationToken ct)
    {
        var tags = write.Changes.SelectMany(CacheKeys.TagsToRemove).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            await cache.RemoveByTagsAsync(tags, ct);
        }
    }
}
