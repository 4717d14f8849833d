using System.Globalization;

namespace Erp.Web.Diagnostics;

/// <summary>
/// X-Db-Commands: how many statements a request sent to the database, in Development and tests
/// only (Diagnostics:DbCommandsHeader), so tests and the benchmark can check what the cache saves.
/// </summary>
public static class DbCommandHeader
{
    public const string Name = "X-Db-Commands";

    public static void UseDbCommandHeader(this WebApplication app)
    {
        var counter = app.Services.GetRequiredService<DbCommandCounter>(); // starts listening
        if (!app.Configuration.GetValue("Diagnostics:DbCommandsHeader", app.Environment.IsDevelopment()))
        {
            return;
        }
        app.Use(async (context, next) =>
        {
            var count = counter.BeginRequest();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Name] = count.Count.ToString(CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
