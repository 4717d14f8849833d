using Erp.Data.Infrastructure;
using Erp.Data.Paging;
using Erp.Data.Users;
using Erp.Web.Htmx;
using Erp.Web.Paging;
using Erp.Web.Security;
using Htmx;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Erp.Web.Pages.Admin.Users;

/// <summary>
/// User administration (admin only, by the /Admin folder rule): the keyset list, Create user, and per
/// row a role change, Disable / Enable, Unlock and Reset password. The rules (nobody disables or
/// demotes themself or the last active admin) live in UserStore; passwords are typed by the admin,
/// checked by PasswordRules, hashed here and never shown or logged. htmx row actions get their row
/// back; plain posts are redirected (success) or shown the page with the message.
/// </summary>
public sealed class IndexModel(UserListStore list, UserStore users, IPasswordHasher<UserRecord> hasher, CursorCodec codec)
    : KeysetListPage<UserListItem>(codec)
{
    public static readonly IReadOnlyDictionary<string, UserSort> Sorts =
        new Dictionary<string, UserSort> { ["name"] = UserSort.Name, ["email"] = UserSort.Email };

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }

    [BindProperty] public NewUserForm NewUser { get; set; } = new();
    [BindProperty] public long UserId { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    /// <summary>A row action's refusal, shown in that row (htmx) or at the top of the page.</summary>
    public string? RowError { get; private set; }
    public string? PasswordError { get; private set; }

    public long? CurrentUserId => Sessions.UserId(User);

    /// <summary>The rows to render: the page read, or the one row a row action answers with (htmx).</summary>
    public IReadOnlyList<UserListItem> Shown => _only is null ? Rows : [_only];

    /// <summary>True when a row action answers with its row alone: no "nothing found" row, no next page.</summary>
    public bool SingleRow => _only is not null;

    private UserListItem? _only;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ModelState.Remove(nameof(UserId)); // a garbled id is an unknown user (404), not an input error
    }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (NewUser.Validate(ModelState, nameof(NewUser)) is not { } input)
        {
            return await CreateRefusedAsync(ct);
        }
        var result = await users.CreateAsync(new Erp.Data.Users.NewUser(input.Email, input.Name, input.Role,
            hasher.HashPassword(null!, input.Password)), ct);
        if (result.Status == SaveStatus.Duplicate)
        {
            ModelState.AddModelError($"{nameof(NewUser)}.{nameof(NewUserForm.Email)}", UserMessages.EmailTaken);
            return await CreateRefusedAsync(ct);
        }
        return this.NavigateTo(Url.Page("/Admin/Users/Index", new { q = input.Email, sort = "email" })!);
    }

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken ct)
    {
        if (Role is null || !Roles.All.Contains(Role))
        {
            RowError = UserMessages.UnknownRole;
            return await RowAsync(StatusCodes.Status422UnprocessableEntity, ct);
        }
        return await AfterAsync(await users.ChangeRoleAsync(ActorId, UserId, Role, ct), ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct) =>
        await AfterAsync(await users.DisableAsync(ActorId, UserId, ct), ct);

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct) =>
        await AfterAsync(await users.EnableAsync(UserId, ct), ct);

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken ct) =>
        await AfterAsync(await users.UnlockAsync(UserId, ct), ct);

    public async Task<IActionResult> OnPostResetPasswordAsync(CancellationToken ct)
    {
        var target = await users.GetAsync(UserId, ct);
        if (target is null)
        {
            return NotFound();
        }
        if (PasswordRules.Problem(NewPassword, target.Email) is { } problem)
        {
            PasswordError = problem;
            return await RowAsync(StatusCodes.Status422UnprocessableEntity, ct);
        }
        return await AfterAsync(await users.ResetPasswordAsync(UserId, hasher.HashPassword(target, NewPassword!), ct), ct);
    }

    private long ActorId => CurrentUserId ?? throw new InvalidOperationException("An admin page without a signed-in user.");

    private async Task<IActionResult> AfterAsync(UserChange change, CancellationToken ct)
    {
        if (change == UserChange.NotFound)
        {
            return NotFound();
        }
        RowError = UserMessages.For(change);
        if (RowError is null && !Request.IsHtmx())
        {
            return Redirect(Url.Page("/Admin/Users/Index")!); // post/redirect/get
        }
        return await RowAsync(RowError is null ? StatusCodes.Status200OK : StatusCodes.Status409Conflict, ct);
    }

    /// <summary>htmx: the acted-on row alone; a plain post: the page with the message.</summary>
    private async Task<IActionResult> RowAsync(int status, CancellationToken ct)
    {
        if (!Request.WantsFragment())
        {
            return await WithStatusAsync(ListAsync(ct), status);
        }
        if (await users.GetAsync(UserId, ct) is not { } user)
        {
            return NotFound();
        }
        _only = new UserListItem(user.Id, user.Email, user.DisplayName, user.Role, user.LockedUntil, user.DisabledAt);
        var partial = Partial("_Rows", this);
        partial.StatusCode = status;
        return partial;
    }

    private async Task<IActionResult> CreateRefusedAsync(CancellationToken ct)
    {
        NewUser.Password = null; // never sent back
        if (Request.WantsFragment())
        {
            Response.Headers.Vary = "HX-Request";
            var partial = Partial("_CreateForm", this);
            partial.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return partial;
        }
        return await WithStatusAsync(ListAsync(ct), StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IActionResult> WithStatusAsync(Task<IActionResult> page, int status)
    {
        var result = await page;
        if (result is Microsoft.AspNetCore.Mvc.RazorPages.PageResult { StatusCode: null or 200 } shown)
        {
            shown.StatusCode = status;
        }
        return result;
    }

    private Task<IActionResult> ListAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var sort = p.Choice(Sort, "sort", UserSort.Name, Sorts);
        var prefix = p.Text(Q, "search text", 254);
        var query = new UserListQuery(sort, prefix, 0);
        return ListAsync(new ListRequest<UserListItem>(new CursorScope("users", sort.ToString(), $"q={prefix}"), p.Error,
            (limit, after, ct) => list.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(UserListStore.SortKey(row, sort), row.Id), CustomerFilter.None), ct);
    }
}
