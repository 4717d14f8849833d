using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

[Collection(BrowserCollection.Name)]
public sealed class RolesFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    private const string Password = "Playwright-user-secret-26";

    [Fact]
    public async Task Admin_creates_an_employee_who_signs_in_elsewhere_and_is_signed_out_when_disabled()
    {
        var email = $"pw-{Guid.NewGuid():N}"[..16] + "@erp.local";
        var (admin, adminErrors) = await browser.NewPageAsync();
        await browser.SignInAsync(admin, DemoUsers.AdminEmail, ErpApp.AdminPassword);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/users$"));

        var create = admin.GetByRole(AriaRole.Form, new() { Name = "New user" });
        await create.GetByLabel("Name").FillAsync("Playwright Clerk");
        await create.GetByLabel("Email").FillAsync(email);
        await create.GetByLabel("Role").SelectOptionAsync("employee");
        await create.GetByLabel("Password").FillAsync(Password);
        await create.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var row = admin.GetByTestId("users-row").Filter(new() { HasText = email });
        await Expect(row).ToHaveCountAsync(1);
        await admin.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "admin-users.png"), FullPage = true });

        var (employee, employeeErrors) = await browser.NewPageAsync(); // a second browser context: its own cookies
        await browser.SignInAsync(employee, email, Password);
        await Expect(employee).ToHaveURLAsync(new Regex("/$"));
        await Expect(employee.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row.GetByTestId("user-status")).ToHaveTextAsync("Disabled");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToBeVisibleAsync();

        await employee.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await Expect(employee).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fcustomers$"));
        await Expect(employee.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Empty(adminErrors);
        Assert.Empty(employeeErrors);
    }

    [Fact]
    public async Task Employee_opening_admin_users_sees_the_403_page_and_a_refused_htmx_request_shows_a_dismissable_notice()
    {
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await Expect(page).ToHaveURLAsync(new Regex("/$"));

        var response = await page.GotoAsync("/admin/users");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("needs the admin role");

        await page.GotoAsync("/orders");
        await page.EvaluateAsync("() => htmx.ajax('GET', '/admin/users', { target: '#main', swap: 'innerHTML' })");
        var notice = page.GetByTestId("notice");
        await Expect(notice).ToContainTextAsync("needs the admin role");
        await Expect(page.GetByTestId("orders-table")).ToBeVisibleAsync(); // the refusal went to #notices, not into the page
        await notice.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(notice).ToHaveCountAsync(0);
        // Chromium logs the 403 documents themselves as failed resources; nothing else may fail.
        Assert.All(errors, e => Assert.Contains("403", e));
    }
}
