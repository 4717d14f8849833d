using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Support;

/// <summary>
/// Test-only: makes real page handlers throw, the way a bug would, so the error path can be
/// tested without a failing endpoint in the app. Installed by the test host's configuration
/// (<see cref="Install"/>); it throws in the named POST handlers (e.g. "Confirm" for
/// OnPostConfirmAsync) and in any request whose query has <see cref="QueryFlag"/>.
/// </summary>
public sealed class ThrowingHandlers(params string[] handlerNames) : IAsyncPageFilter
{
    public const string QueryFlag = "test-throw";

    public static Action<IWebHostBuilder> Install(params string[] handlerNames) =>
        builder => builder.ConfigureTestServices(services =>
            services.Configure<RazorPagesOptions>(o => o.Conventions.ConfigureFilter(new ThrowingHandlers(handlerNames))));

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var handler = context.HandlerMethod?.Name;
        var reExecuted = context.HttpContext.Features.Get<IExceptionHandlerFeature>() is not null; // the error page itself
        var chosen = (handler is not null && handlerNames.Contains(handler)) || context.HttpContext.Request.Query.ContainsKey(QueryFlag);
        if (chosen && !reExecuted)
        {
            throw new InvalidOperationException($"Thrown on purpose by the test host in {context.ActionDescriptor.ViewEnginePath} ({handler ?? "no handler"}).");
        }
        return next();
    }
}
