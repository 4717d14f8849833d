using Erp.Data.Users;
using Erp.Web.Forms;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Erp.Web.Pages.Admin.Users;

/// <summary>The Create user form as typed (text only, so a refused value is shown back; the password never is).</summary>
public sealed class NewUserForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Role { get; set; } = Roles.Employee;
    public string? Password { get; set; }

    /// <summary>The rules of the users table (migration 0001) and <see cref="PasswordRules"/>; null when something is refused.</summary>
    public (string Name, string Email, string Role, string Password)? Validate(ModelStateDictionary modelState, string prefix)
    {
        var rules = new FormRules(modelState, prefix);
        var name = rules.Text(nameof(Name), "Name", Name, 100, required: true);
        var email = rules.Email(nameof(Email), "Email", Email, 254, required: true);
        if (Role is null || !Roles.All.Contains(Role))
        {
            modelState.AddModelError($"{prefix}.{nameof(Role)}", UserMessages.UnknownRole);
        }
        if (PasswordRules.Problem(Password, email) is { } problem)
        {
            modelState.AddModelError($"{prefix}.{nameof(Password)}", problem);
        }
        return modelState.IsValid ? (name!, email!, Role!, Password!) : null;
    }
}

public static class UserMessages
{
    public const string UnknownRole = "Choose the role employee or admin.";
    public const string EmailTaken = "This email is already used by another user.";
    public const string NotYourself = "You cannot disable your own account or change your own role.";
    public const string LastAdmin = "This is the last active admin. Make another user an admin first.";

    public static string? For(UserChange change) => change switch
    {
        UserChange.Self => NotYourself,
        UserChange.LastAdmin => LastAdmin,
        _ => null,
    };
}
