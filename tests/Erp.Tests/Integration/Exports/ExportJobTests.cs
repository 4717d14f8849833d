using System.Net;
using Erp.Data.Exports;
using Erp.Data.Jobs;
using Erp.Data.Users;
using Microsoft.AspNetCore.Identity;
using Erp.Tests.Integration.Jobs;
using Erp.Tests.Support;
using Erp.Web.Exports;
using Erp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Exports;

/// <summary>
/// "Export CSV" on a list: a list-export job writes the filtered, sorted list to a file under Files:Path while
/// the export's page shows the progress, then offers "Download CSV" to its owner only; a file is offered only
/// once complete; expired exports say so.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ExportJobTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private static async Task<string> StartExportAsync(HttpClient client, string list)
    {
        var form = await client.ReadFormAsync(list, "export-csv");
        var response = await client.PostAsync(form, []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/exports/[0-9]+$", location);
        return location;
    }

    private static async Task<string> DownloadWhenDoneAsync(HttpClient client, string exportPage)
    {
        string? download = null;
        await JobTestKit.WaitForAsync(async () =>
        {
            download = (await client.GetHtmlAsync(exportPage)).ByRole("link", "Download CSV")?.GetAttribute("href");
            return download is not null;
        }, $"{exportPage} to offer its download");
        var response = await client.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Export_CSV_writes_the_filtered_sorted_list_and_its_owner_downloads_it()
    {
        var client = await App.SignInAsync(Erp.Data.Seeding.DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        var list = "/orders?status=invoiced&sort=total";
        var shownIds = new List<string>();
        for (string? next = list; next is not null;)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("HX-Request", "true");
            var rows = Html.ParseFragment(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
            shownIds.AddRange(rows.Rows("orders").Select(r => r.GetAttribute("data-id")!));
            next = rows.QuerySelector("tr[hx-get]")?.GetAttribute("hx-get");
        }

        var csv = await DownloadWhenDoneAsync(client, await StartExportAsync(client, list));

        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Order,Date (", lines[0]);
        Assert.Equal(shownIds, lines.Skip(1).Select(l => l.Split(',')[0]).ToList());
    }

    [Fact]
    public async Task Another_employee_can_neither_see_nor_download_an_export_and_an_admin_can()
    {
        var owner = await App.SignInAsync(Erp.Data.Seeding.DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        var page = await StartExportAsync(owner, "/customers?sort=code");
        await DownloadWhenDoneAsync(owner, page);
        var email = $"other-{Guid.NewGuid():N}@erp.local";
        var hasher = App.Services.GetRequiredService<IPasswordHasher<UserRecord>>();
        await App.Services.GetRequiredService<UserStore>().CreateAsync(
            new NewUser(email, "Other Employee", Roles.Employee, hasher.HashPassword(null!, "Other-employee-2026")), CancellationToken.None);
        var other = await App.SignInAsync(email, "Other-employee-2026");

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(page + "?handler=Download")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await App.SignInAsync()).GetAsync(page + "?handler=Download")).StatusCode);
    }

    [Fact]
    public async Task Bad_filters_are_refused_like_the_list_and_no_export_is_made()
    {
        var client = await App.SignInAsync();
        var form = await client.ReadFormAsync("/orders", "export-csv");

        var response = await client.PostAsync(form with { Action = "/orders?handler=Export&status=lost" }, []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown status 'lost'", (await response.ReadHtmlAsync()).Body!.TextContent);
    }

    [Fact]
    public async Task A_file_is_offered_only_once_complete_and_a_crashed_attempt_is_redone_from_the_top()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 120, configure: JobTestKit.Workers(enabled: false));
        var client = await app.SignInAsync();
        var page = await StartExportAsync(client, "/products");
        var id = long.Parse(page.Split('/')[^1]);
        var files = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FilesOptions>>().Value;
        var final = Path.Combine(files.ExportsDirectory, $"{id}.csv");
        Directory.CreateDirectory(final); // the rename into place fails: a crash after writing, before "done"
        var handler = app.Services.GetServices<IJobHandler>().Single(h => h.Type == ExportStore.JobType);
        var store = app.Services.GetRequiredService<JobStore>();
        var job = Assert.Single(await store.ClaimAsync("test#1", 10, TimeSpan.FromMinutes(1), CancellationToken.None));

        await Assert.ThrowsAnyAsync<IOException>(() => handler.RunAsync(new JobRun(job, store), CancellationToken.None));

        var status = await client.GetHtmlAsync(page);
        Assert.Null(status.ByRole("link", "Download CSV"));
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync(page + "?handler=Download")).StatusCode);

        Directory.Delete(final);
        await handler.RunAsync(new JobRun(job, store), CancellationToken.None);
        var lines = File.ReadAllLines(final);
        Assert.Equal(1 + await app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM products"), lines.Length);
        Assert.NotNull((await client.GetHtmlAsync(page)).ByRole("link", "Download CSV"));
    }
}
