using System.Reflection;

namespace Erp.Web.Security;

/// <summary>
/// The one password rule for every password a person chooses (Create user, Reset password, the
/// add-user verb): 12 to 200 characters, not the e-mail address, and not in the bundled list of
/// common passwords (common-passwords.txt, embedded).
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 200;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>Why <paramref name="password"/> is refused, or null when it is acceptable. The message never repeats the password.</summary>
    public static string? Problem(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter a password.";
        }
        if (password.Length < MinLength)
        {
            return $"The password needs at least {MinLength} characters.";
        }
        if (password.Length > MaxLength)
        {
            return $"The password can be at most {MaxLength} characters.";
        }
        if (string.IsNullOrWhiteSpace(password))
        {
            return "The password cannot be only spaces.";
        }
        if (Common.Value.Contains(password) || (email is not null && string.Equals(password, email.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return "This password is too common or too easy to guess. Choose another one.";
        }
        return null;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Erp.Web.Security.common-passwords.txt")
                           ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }
        return set;
    }
}
