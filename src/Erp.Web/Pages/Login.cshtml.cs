using System.ComponentModel.DataAnnotations;
using Erp.Data.Users;
using Erp.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages;

public sealed class LoginModel(UserStore users, IPasswordHasher<UserRecord> hasher, IConfiguration config, TimeProvider time,
    LoginThrottle throttle, ILogger<LoginModel> logger) : PageModel
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

        // Unknown user, wrong password, locked or disabled account, too many failures from this address:
        // one message and the same work (a hash is always verified), so nobody can find out which accounts
        // exist or which limit hit. A wrong password counts towards the lockout also while the account is locked.
        var blocked = throttle.IsBlocked(HttpContext);
        var user = await users.FindByEmailAsync(Input.Email.Trim(), ct);
        var passwordOk = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash, Input.Password)
                         != PasswordVerificationResult.Failed;
        if (blocked)
        {
            logger.LogWarning("sign_in_blocked: {Address} has too many failed sign-ins", ClientAddress.Of(HttpContext));
            return Refuse();
        }
        if (user is null)
        {
            return Failed(null);
        }
        if (!passwordOk)
        {
            await users.RecordFailedLoginAsync(user.Id, config.GetValue("Auth:MaxFailedAttempts", 5),
                TimeSpan.FromMinutes(config.GetValue("Auth:LockoutMinutes", 15)), ct);
            return Failed(user.Id);
        }
        if (user.IsDisabled || user.LockedUntil is { } until && until > time.GetUtcNow().UtcDateTime)
        {
            return Failed(user.Id);
        }

        await users.RecordLoginAsync(user.Id, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Sessions.Principal(user));

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    /// <summary>A failed attempt: counted against the client address, logged as the audit event name sign_in_failed.</summary>
    private PageResult Failed(long? userId)
    {
        throttle.RecordFailure(HttpContext);
        logger.LogWarning("sign_in_failed: user {UserId} from {Address}", userId, ClientAddress.Of(HttpContext));
        return Refuse();
    }

    private PageResult Refuse()
    {
        Error = InvalidCredentials;
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
