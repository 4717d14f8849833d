using System.Diagnostics;

namespace Erp.Tests.Support;

/// <summary>
/// Runs the real Erp.Web executable with a command-line verb against a test database, as an operator would: one
/// account (the database's owner) for the verbs, no Redis, Development settings. Answers the exit code and both outputs.
/// </summary>
public static class ErpCommand
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(TestDatabase db, string[] args, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["Erp.Web.dll", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Erp"] = db.ConnectionString;
        start.Environment.Remove("ConnectionStrings__ErpOwner"); // one account (the owner) for the command-line verbs here
        start.Environment.Remove("Database__AppRole");
        start.Environment.Remove("ConnectionStrings__Redis");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
