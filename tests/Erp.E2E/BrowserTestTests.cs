using System.Reflection;

namespace Erp.E2E;

/// <summary>Finished browser tests leave no pages behind (<see cref="BrowserTest"/>).</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTestTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    [Fact]
    public void Every_browser_test_class_closes_its_pages_after_each_test()
    {
        var classes = typeof(BrowserFixture).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CollectionAttribute>() is not null
                        && t.GetMethods().Any(m => m.GetCustomAttribute<FactAttribute>() is not null))
            .ToList();
        Assert.NotEmpty(classes);
        Assert.Empty(classes.Where(t => !t.IsSubclassOf(typeof(BrowserTest))).Select(t => t.Name));
    }

    [Fact]
    public async Task Closing_after_a_test_closes_every_context_it_opened()
    {
        await browser.NewPageAsync();
        await browser.NewPageAsync();
        Assert.True(browser.Browser.Contexts.Count >= 2);

        await DisposeAsync();

        Assert.Empty(browser.Browser.Contexts);
    }
}
