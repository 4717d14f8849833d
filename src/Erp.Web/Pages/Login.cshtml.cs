using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Erp.Data.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages;

public sealed class LoginModel(UserStore users, IPasswordHasher<UserRecord> hasher, IConfiguration config, TimeProvider time) : PageModel
{
    public const string InvalidCredentials = "The email or password is not correct.";

    // A real hash to verify against when the user does not exist, so both paths take as long.
    private static readonly string DummyHash = new PasswordHasher<UserRecord>().HashPassword(null!, "not-a-password");

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim(), ct);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash, Input.Password);
            return Refuse(InvalidCredentials);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (user.LockedUntil is { } until && until > now)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes));
            return Refuse($"Too many failed attempts. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.");
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, Input.Password) == PasswordVerificationResult.Failed)
        {
            await users.RecordFailedLoginAsync(user.Id, config.GetValue("Auth:MaxFailedAttempts", 5),
                TimeSpan.FromMinutes(config.GetValue("Auth:LockoutMinutes", 15)), ct);
            return Refuse(InvalidCredentials);
        }

        await users.RecordLoginAsync(user.Id, ct);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, user.Role),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private PageResult Refuse(string message)
    {
        Error = message;
        Input.Password = string.Empty;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}

public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your email.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(254, ErrorMessage = "The email is longer than 254 characters.")]
    [Display(Name = "Email")]
    public string Email { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(200, ErrorMessage = "The password is longer than 200 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = string.Empty;
}
