using Erp.Data.Infrastructure;
using Erp.Data.Users;
using Erp.Web.Forms;
using Erp.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Erp.Web.Hosting;

/// <summary>
/// `add-user --email E --name N --role admin|employee`: how a production install gets its first
/// admin. The password comes from the environment variable ERP_NEW_USER_PASSWORD or the first line
/// of standard input, never from the command line (argv is visible to every user of the machine and
/// kept in shell histories). The same password rule as the admin pages; an existing e-mail is refused.
/// </summary>
public static class AddUserCommand
{
    public const string PasswordVariable = "ERP_NEW_USER_PASSWORD";

    public sealed record Options(string Email, string Name, string Role);

    public static (Options? Options, string[] HostArgs, string? Error) Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--password" or "-p" || name.StartsWith("--password=", StringComparison.Ordinal))
            {
                return (null, [], $"add-user takes no password on the command line: set {PasswordVariable} or pipe it to standard input.");
            }
            if (name is not ("--email" or "--name" or "--role"))
            {
                hostArgs.Add(name);
                continue;
            }
            if (i + 1 >= args.Length)
            {
                return (null, [], $"{name} needs a value.");
            }
            values[name] = args[++i];
        }
        foreach (var required in new[] { "--email", "--name", "--role" })
        {
            if (!values.ContainsKey(required))
            {
                return (null, [], $"add-user needs {required}.");
            }
        }
        return (new Options(values["--email"], values["--name"], values["--role"]), [.. hostArgs], null);
    }

    /// <summary>The first line of standard input; typed at a terminal, it is asked for and not echoed.</summary>
    private static string? ReadPassword(TextReader stdin, TextWriter stderr)
    {
        if (stdin != Console.In || Console.IsInputRedirected)
        {
            return stdin.ReadLine();
        }
        stderr.Write("Password for the new user: ");
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        stderr.WriteLine();
        return typed.ToString();
    }

    public static async Task<int> RunAsync(IServiceProvider services, Options options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var state = new ModelStateDictionary();
        var rules = new FormRules(state, "user");
        var email = rules.Email("email", "Email", options.Email, 254, required: true);
        var name = rules.Text("name", "Name", options.Name, 100, required: true);
        if (!Roles.All.Contains(options.Role))
        {
            state.AddModelError("user.role", $"The role must be one of: {string.Join(", ", Roles.All)}.");
        }
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            password = ReadPassword(stdin, stderr);
        }
        if (PasswordRules.Problem(password, email) is { } problem)
        {
            state.AddModelError("user.password", problem);
        }
        if (!state.IsValid)
        {
            foreach (var error in state.Values.SelectMany(v => v.Errors))
            {
                await stderr.WriteLineAsync($"add-user: {error.ErrorMessage}");
            }
            return 2;
        }

        var hasher = services.GetRequiredService<IPasswordHasher<UserRecord>>();
        var result = await services.GetRequiredService<UserStore>()
            .CreateAsync(new NewUser(email!, name!, options.Role, hasher.HashPassword(null!, password!)), CancellationToken.None);
        if (result.Status == SaveStatus.Duplicate)
        {
            await stderr.WriteLineAsync($"add-user: a user with the e-mail {email} already exists; nothing was changed.");
            return 1;
        }
        await stdout.WriteLineAsync($"Created the {options.Role} {email} (user {result.Row!.Id}).");
        return 0;
    }
}
