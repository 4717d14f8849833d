using System.Net;
using System.Text.Json;
using Dapper;
using Erp.Data.Audit;
using Erp.Tests.Integration.Security;
using Erp.Tests.Support;
using Erp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static Erp.Tests.Integration.Jobs.JobTestKit;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// "Verify chain" (ADR 0018): an audit-verify job, a status block that polls while it waits or runs and stops when
/// the result is there, the result recorded as chain_verified by the admin who asked. The app runs no workers of its
/// own here: each test drives the worker, so "running" and "done" are both observable.
/// </summary>
public sealed class VerifyChainTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp _app = null!;

    public async Task InitializeAsync() => _app = await ErpApp.StartAsync(seedOrders: 0, configure: Workers(enabled: false));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task RunJobsAsync() => _app.Services.GetRequiredService<JobWorker>().RunDueAsync(None);

    private static Task<HttpResponseMessage> VerifyAsync(HttpClient client, bool htmx = true) =>
        client.PostFormAsync("/admin/audit/verify", new Dictionary<string, string>(), htmx);

    [Fact]
    public async Task Verify_chain_runs_as_a_job_polls_while_waiting_and_shows_intact_with_the_rows_checked()
    {
        var admin = await _app.AdminAsync();
        await _app.Services.GetRequiredService<AuditChain>().SealAsync(None);
        var total = await _app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE seq IS NOT NULL");
        Assert.NotNull((await admin.GetHtmlAsync("/admin/audit/verify")).Button("Verify chain"));
        Assert.NotNull((await admin.GetHtmlAsync("/admin/audit")).Button("Verify chain")); // the audit list carries the same block

        var started = await VerifyAsync(admin);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var waiting = (await started.DocumentAsync()).ByTestId("verify-chain")!;
        Assert.Equal("every 1s", waiting.GetAttribute("hx-trigger"));
        Assert.Contains("Waiting for a worker", waiting.ByTestId("verify-chain-status")!.TextContent);
        Assert.Equal("polite", waiting.ByTestId("verify-chain-status")!.GetAttribute("aria-live"));

        await RunJobsAsync();
        var done = (await (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, waiting.GetAttribute("hx-get"))
        {
            Headers = { { "HX-Request", "true" } },
        })).DocumentAsync()).ByTestId("verify-chain")!;

        Assert.Null(done.GetAttribute("hx-trigger")); // polling stops
        var result = done.ByTestId("verify-chain-result")!;
        Assert.Equal("true", result.GetAttribute("data-intact"));
        Assert.Contains($"{total:#,0} sealed rows checked", result.ReadText());
    }

    [Fact]
    public async Task The_result_is_recorded_as_chain_verified_by_the_admin_with_the_head_hash()
    {
        var admin = await _app.AdminAsync();
        await _app.Services.GetRequiredService<AuditChain>().SealAsync(None);
        var head = await _app.Database.ScalarAsync<string>("SELECT hash FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)");

        await VerifyAsync(admin, htmx: false);
        await RunJobsAsync();

        var adminId = await _app.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email = Erp.Data.Seeding.DemoUsers.AdminEmail });
        var (actorId, entityId, changes) = (await _app.Database.QueryAsync<(long, long, string)>(
            "SELECT actor_id, entity_id, changes FROM audit_log WHERE entity = 'audit_log' AND action = 'chain_verified'")).Single();
        var details = JsonDocument.Parse(changes).RootElement;
        Assert.Equal(adminId, actorId);
        Assert.Equal("audit-verify", await _app.Database.ScalarAsync<string>("SELECT type FROM jobs WHERE id = @entityId", new { entityId }));
        Assert.True(details.GetProperty("intact").GetBoolean());
        Assert.Equal(head, details.GetProperty("head_hash").GetString());
        Assert.Equal("true", (await admin.GetHtmlAsync("/admin/audit/verify")).ByTestId("verify-chain-result")!.GetAttribute("data-intact"));
    }

    [Fact]
    public async Task A_tampered_row_is_shown_as_the_first_bad_row()
    {
        var admin = await _app.AdminAsync();
        await _app.Services.GetRequiredService<AuditChain>().SealAsync(None);
        var victim = await _app.Database.ScalarAsync<long>("SELECT MIN(id) FROM audit_log WHERE seq IS NOT NULL");
        await using (var owner = AuditInstaller.OpenDdlConnection(_app.Database.ConnectionString))
        {
            await owner.OpenAsync();
            var guard = AuditTriggers.All.Single(o => o.Name == "audit_log_guard_update").Sql;
            await owner.ExecuteAsync("DROP TRIGGER audit_log_guard_update");
            await owner.ExecuteAsync("UPDATE audit_log SET actor_name = 'mallory' WHERE id = @victim", new { victim });
            await owner.ExecuteAsync(guard);
        }

        var started = await VerifyAsync(admin);
        await RunJobsAsync();
        var page = await admin.GetHtmlAsync($"/admin/audit/verify?job={(await _app.Database.ScalarAsync<long>("SELECT MAX(id) FROM jobs WHERE type = 'audit-verify'"))}");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var result = page.ByTestId("verify-chain-result")!;
        Assert.Equal("false", result.GetAttribute("data-intact"));
        Assert.Contains($"row id {victim}", result.ReadText());
        Assert.NotEmpty(result.AllByRole("alert"));
    }

    [Fact]
    public async Task An_employee_gets_403_and_no_job_is_queued()
    {
        var employee = await _app.EmployeeAsync();

        var post = await VerifyAsync(employee, htmx: false);
        var get = await employee.GetAsync("/admin/audit/verify");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (post.StatusCode, get.StatusCode));
        Assert.Equal(0, await _app.Database.ScalarAsync<int>("SELECT COUNT(*) FROM jobs WHERE type = 'audit-verify'"));
    }
}
