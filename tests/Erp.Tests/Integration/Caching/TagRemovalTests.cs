using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Tests.Support;
using Erp.Web.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Caching;

/// <summary>
/// A committed change removes the entries tagged with it; it does not merely expire them. An
/// expired entry would stay as a fail-safe fallback, and a refresh slower than the factory soft
/// timeout would then answer with the old value, after the write.
/// </summary>
public sealed class TagRemovalTests(ErpAppFixture fixture) : IClassFixture<ErpAppFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task After_a_committed_change_a_slow_refresh_answers_with_the_new_value_not_the_old_one()
    {
        var services = fixture.App.Services;
        var cache = services.GetRequiredService<IReadCache>();
        var settings = services.GetRequiredService<CacheSettings>();
        var invalidation = services.GetServices<IAfterCommit>().OfType<CacheInvalidation>().Single();
        var id = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);
        var key = CacheKeys.Customer(id);
        Assert.Equal("old name", await cache.GetOrSetAsync(key, _ => Task.FromResult("old name"), _ => [key], None));

        await invalidation.OnCommittedAsync(new CommittedWrite(WriteContext.System, [new EntityChange(Entities.Customer, id)]), None);
        var afterWrite = await cache.GetOrSetAsync(key, async ct =>
        {
            await Task.Delay(settings.FactorySoftTimeout * 3, ct); // slower than the soft timeout
            return "new name";
        }, _ => [key], None);

        Assert.Equal("new name", afterWrite);
    }

    [Fact]
    public async Task A_change_removes_the_lists_and_pickers_that_show_the_row_but_not_unrelated_entries()
    {
        var cache = fixture.App.Services.GetRequiredService<IReadCache>();
        var invalidation = fixture.App.Services.GetServices<IAfterCommit>().OfType<CacheInvalidation>().Single();
        string[] removed = [CacheKeys.OrdersList, CacheKeys.InvoicesList, CacheKeys.CustomersList, CacheKeys.CustomerPicks];
        string[] kept = [CacheKeys.ProductsList, CacheKeys.ProductPicks, CacheKeys.Order(1)];
        foreach (var tag in removed.Concat(kept))
        {
            await cache.GetOrSetAsync("probe:" + tag, _ => Task.FromResult("cached"), _ => [tag], None);
        }

        await invalidation.OnCommittedAsync(new CommittedWrite(WriteContext.System, [new EntityChange(Entities.Customer, 7)]), None);

        foreach (var tag in removed)
        {
            Assert.Equal((tag, "read again"), (tag, await cache.GetOrSetAsync("probe:" + tag, _ => Task.FromResult("read again"), _ => [tag], None)));
        }
        foreach (var tag in kept)
        {
            Assert.Equal((tag, "cached"), (tag, await cache.GetOrSetAsync("probe:" + tag, _ => Task.FromResult("read again"), _ => [tag], None)));
        }
    }
}
