using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Erp.Data.Infrastructure;
using Erp.Data.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Erp.Web.Security;

/// <summary>
/// The session rule (ADR 0006): a sign-in cookie carries the user's security stamp; disabling a
/// user, changing their role or resetting their password gives them a new stamp, and a cookie whose
/// stamp no longer matches (or whose user is disabled) is signed out. Each node checks the
/// database at most once per <see cref="CheckInterval"/> per user; a change made on this node
/// drops the cached check at once (<see cref="SessionChecks"/>), other nodes notice within
/// the interval.
/// </summary>
public sealed class Sessions(UserStore users, SessionChecks checks)
{
    public const string StampClaim = "erp:security-stamp";
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(60);

    public static ClaimsPrincipal Principal(UserRecord user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.DisplayName),
        new Claim(ClaimTypes.Email, user.Email),
        new Claim(ClaimTypes.Role, user.Role),
        new Claim(StampClaim, user.SecurityStamp),
    ], CookieAuthenticationDefaults.AuthenticationScheme));

    public static long? UserId(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>Cookie OnValidatePrincipal: a stale, foreign or pre-stamp cookie is rejected and removed.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && !await IsCurrentAsync(principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>
    /// The session rule for any credential (a cookie, an API token): the user exists, is enabled, and the
    /// credential's stamp and role are the user's current ones.
    /// </summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct) =>
        UserId(principal) is { } id && principal.FindFirstValue(StampClaim) is { } stamp
        && await CurrentAsync(id, ct) is { Disabled: false } session
        && session.SecurityStamp == stamp && principal.IsInRole(session.Role);

    private async Task<UserSession?> CurrentAsync(long id, CancellationToken ct)
    {
        if (checks.TryGet(id, out var cached))
        {
            return cached;
        }
        var session = await users.SessionAsync(id, ct);
        checks.Set(id, session);
        return session;
    }
}

/// <summary>
/// The last database check of each user's session on this node, kept for <see cref="Sessions.CheckInterval"/>.
/// A user changed through this node's write path is dropped at once.
/// </summary>
public sealed class SessionChecks(TimeProvider time) : IAfterCommit
{
    private readonly ConcurrentDictionary<long, (UserSession? Session, DateTimeOffset CheckedAt)> _checked = new();

    public bool TryGet(long id, out UserSession? session)
    {
        if (_checked.TryGetValue(id, out var entry) && time.GetUtcNow() - entry.CheckedAt < Sessions.CheckInterval)
        {
            session = entry.Session;
            return true;
        }
        session = null;
        return false;
    }

    public void Set(long id, UserSession? session) => _checked[id] = (session, time.GetUtcNow());

    public Task OnCommittedAsync(CommittedWrite write, CancellationToken ct)
    {
        foreach (var change in write.Changes)
        {
            if (change.Entity == Entities.User)
            {
                _checked.TryRemove(change.Id, out _);
            }
        }
        return Task.CompletedTask;
    }
}
