using Erp.Data.Infrastructure;
using Erp.Data.Migrations;
using Erp.Data.Users;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erp.Tests.Integration.Security;

/// <summary>The user-administration rules in UserStore, on a database of their own (the last admin needs a known set of admins).</summary>
public sealed class UserStoreRulesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private UserStore _users = null!;
    private readonly Recorder _committed = new();

    private sealed class Recorder : IAfterCommit
    {
        public List<EntityChange> Changes { get; } = [];

        public Task OnCommittedAsync(CommittedWrite write, CancellationToken ct)
        {
            lock (Changes)
            {
                Changes.AddRange(write.Changes);
            }
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await new Migrator(_db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        _users = new UserStore(new Db(_db.CreateDataSource(), subscribers: [_committed]));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<long> UserAsync(string role) =>
        (await _users.CreateAsync(new NewUser($"{Guid.NewGuid():N}@erp.local", "Rules", role, "not-a-real-hash"), CancellationToken.None)).Row!.Id;

    private Task<string> StampAsync(long id) => _db.ScalarAsync<string>("SELECT security_stamp FROM users WHERE id = @id", new { id });

    [Fact]
    public async Task The_last_active_admin_can_be_neither_demoted_nor_disabled()
    {
        var admin = await UserAsync(Roles.Admin);
        var employee = await UserAsync(Roles.Employee);
        var stamp = await StampAsync(admin);

        Assert.Equal(UserChange.LastAdmin, await _users.ChangeRoleAsync(employee, admin, Roles.Employee, CancellationToken.None));
        Assert.Equal(UserChange.LastAdmin, await _users.DisableAsync(employee, admin, CancellationToken.None));
        Assert.Equal(stamp, await StampAsync(admin));

        var second = await UserAsync(Roles.Admin);
        await _users.DisableAsync(admin, second, CancellationToken.None);
        Assert.Equal(UserChange.LastAdmin, await _users.ChangeRoleAsync(employee, admin, Roles.Employee, CancellationToken.None));
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        var a = await UserAsync(Roles.Admin);
        var b = await UserAsync(Roles.Admin);

        var results = await Task.WhenAll(
            _users.ChangeRoleAsync(a, b, Roles.Employee, CancellationToken.None),
            _users.ChangeRoleAsync(b, a, Roles.Employee, CancellationToken.None));

        Assert.Equal([UserChange.Done, UserChange.LastAdmin], results.Order());
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT COUNT(*) FROM users WHERE role = 'admin'"));
    }

    [Fact]
    public async Task Disable_role_change_and_password_reset_give_a_new_security_stamp_and_record_the_change()
    {
        var admin = await UserAsync(Roles.Admin);
        var user = await UserAsync(Roles.Employee);
        var stamps = new List<string> { await StampAsync(user) };
        _committed.Changes.Clear();

        await _users.ChangeRoleAsync(admin, user, Roles.Admin, CancellationToken.None);
        stamps.Add(await StampAsync(user));
        await _users.ResetPasswordAsync(user, "another-hash", CancellationToken.None);
        stamps.Add(await StampAsync(user));
        await _users.DisableAsync(admin, user, CancellationToken.None);
        stamps.Add(await StampAsync(user));
        await _users.EnableAsync(user, CancellationToken.None);
        await _users.UnlockAsync(user, CancellationToken.None);
        stamps.Add(await StampAsync(user));

        Assert.Equal(4, stamps.Distinct().Count()); // enable and unlock keep the stamp
        Assert.Equal(Enumerable.Repeat(new EntityChange(Entities.User, user), 5), _committed.Changes);
        Assert.All(stamps, s => Assert.Matches("^[0-9a-f]{32}$", s));
        Assert.Equal(UserChange.NotFound, await _users.DisableAsync(admin, 999_999, CancellationToken.None));
        Assert.Equal(UserChange.NotFound, await _users.ResetPasswordAsync(999_999, "x", CancellationToken.None));
    }
}
