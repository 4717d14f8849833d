using System.Net;
using Erp.Data.Users;
using Erp.Tests.Support;
using Erp.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Api;

/// <summary>
/// The permission matrix over the API (src/Erp.Web/Security/PermissionMatrix.cs): an employee may do the whole
/// ERP flow, nothing admin-only is reachable with a token, and a role change ends the token like a session.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiRoleTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    [Fact]
    public async Task An_employee_may_read_every_list_and_record_and_run_the_whole_order_flow()
    {
        var client = await App.ApiClientAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        foreach (var list in new[] { "customers", "products", "orders", "invoices" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/{list}?limit=2")).StatusCode);
        }
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);

        var created = await client.SendAsync(Api.Post("/api/v1/orders", Api.NewOrderJson(customer, (product, 1))));
        var id = (await Api.JsonAsync(created)).GetProperty("id").GetInt64();
        var etag = created.Headers.ETag!.Tag;
        foreach (var action in new[] { "confirm", "ship", "invoice" })
        {
            var response = await client.SendAsync(Api.Post($"/api/v1/orders/{id}/{action}", ifMatch: etag));
            Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode}");
            etag = response.Headers.ETag!.Tag;
        }
        Assert.Equal("invoiced", await fixture.Data.StatusAsync(id));
    }

    [Fact]
    public void The_matrix_gives_the_api_no_admin_only_endpoint_and_no_route_outside_the_bearer_policy()
    {
        var api = PermissionMatrix.Endpoints.Where(e => e.Key.StartsWith("/api/", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(api);
        Assert.All(api, e => Assert.Contains(e.Value, new[] { Policies.Api, PermissionMatrix.Anonymous }));
        Assert.Equal(PermissionMatrix.Anonymous, PermissionMatrix.Endpoints["/api/v1/auth/token"]);
    }

    [Fact]
    public async Task An_admin_token_opens_no_admin_page_either()
    {
        var client = await App.ApiClientAsync();

        var response = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_role_change_ends_the_users_tokens()
    {
        var email = $"api-role-{Guid.NewGuid():N}@erp.test";
        const string password = "Api-role-change-password-1";
        var users = App.Services.GetRequiredService<UserStore>();
        var id = (await users.CreateAsync(new NewUser(email, "Role change", Roles.Employee,
            new PasswordHasher<UserRecord>().HashPassword(null!, password)), CancellationToken.None)).Row!.Id;
        var client = App.Bearer(await App.TokenAsync(email, password));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/customers?limit=1")).StatusCode);
        var admin = await App.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email = DemoUsers.AdminEmail });

        await users.ChangeRoleAsync(admin, id, Roles.Admin, CancellationToken.None);

        await Api.ProblemAsync(await client.GetAsync("/api/v1/customers?limit=1"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await App.Bearer(await App.TokenAsync(email, password)).GetAsync("/api/v1/customers?limit=1")).StatusCode);
    }
}
