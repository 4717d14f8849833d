using Microsoft.Playwright;

namespace Erp.E2E;

/// <summary>
/// A browser test class: after each test it closes every browser context the test opened, so a finished test's pages
/// (some of which poll the app) do not keep running, and taking CPU and animation frames, while later tests run in the
/// same Chromium. Tests of the browser collection run one at a time, so every open context is the ending test's.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    /// <summary>The shared app and browser (the class's constructor parameter).</summary>
    protected abstract BrowserFixture Fixture { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Fixture.CloseContextsAsync();
}
