using System.Net;
using AngleSharp.Dom;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Orders;

/// <summary>
/// Irreversible actions (Ship, Create invoice, Cancel order, Remove line) ask first: htmx buttons
/// carry hx-confirm, and a plain form post without "confirmed" answers "Are you sure?" with the real
/// button, changing nothing. Every htmx form disables its button while its request runs.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OrderConfirmationTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);

    private async Task<(long Id, long FirstLineId)> OrderAsync(string status)
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(3m, 100);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 2, null), (product.Id, 1, null));
        if (status is "confirmed" or "shipped")
        {
            OrderTestData.Ok(await _data.ConfirmAsync(id));
        }
        if (status == "shipped")
        {
            OrderTestData.Ok(await _data.ShipAsync(id));
        }
        return (id, (await _data.Orders.GetAsync(id, CancellationToken.None))!.Lines[0].Id);
    }

    /// <summary>Posts the form that holds <paramref name="button"/>, with the fields it carries, as a browser without JavaScript does.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IParentNode page, string button)
    {
        var form = page.ByRole("button", button)?.Closest("form") ?? throw new InvalidOperationException($"No form with the button {button}.");
        var fields = form.QuerySelectorAll("input[name]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    [Theory]
    [InlineData("confirmed", "Ship", "shipped", "Ship order #")]
    [InlineData("shipped", "Create invoice", "invoiced", "Create the invoice for order #")]
    [InlineData("draft", "Cancel order", "cancelled", "Cancel order #")]
    [InlineData("confirmed", "Cancel order", "cancelled", "Cancel order #")]
    public async Task Without_javascript_an_irreversible_action_asks_first_and_changes_nothing_until_confirmed(
        string status, string button, string after, string question)
    {
        var (id, _) = await OrderAsync(status);
        var client = await fixture.App.SignInAsync();

        var asked = await SubmitAsync(client, await client.GetHtmlAsync($"/orders/{id}"), button);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var page = await asked.ReadHtmlAsync();
        var confirmation = page.ByTestId("confirmation")!;
        Assert.Equal("Are you sure?", confirmation.ByRole("heading")?.ReadText());
        Assert.StartsWith(question + id, confirmation.QuerySelector("p")!.ReadText());
        Assert.Single(page.AllByRole("button", button));
        Assert.Equal(status, await _data.StatusAsync(id));

        var done = await SubmitAsync(client, confirmation, button);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(after, await _data.StatusAsync(id));
    }

    [Fact]
    public async Task Without_javascript_remove_line_names_the_line_and_removes_it_only_when_confirmed()
    {
        var (id, lineId) = await OrderAsync("draft");
        var client = await fixture.App.SignInAsync();
        var orderPage = await client.GetHtmlAsync($"/orders/{id}");
        var firstRow = orderPage.AllByTestId("order-lines-row").Single(r => r.GetAttribute("data-id") == lineId.ToString());

        var asked = await SubmitAsync(client, firstRow, "Remove line");

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirmation = (await asked.ReadHtmlAsync()).ByTestId("confirmation")!;
        Assert.StartsWith($"Remove line 1 (", confirmation.QuerySelector("p")!.ReadText());
        Assert.Equal(2, await _data.LineCountAsync(id));

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, confirmation, "Remove line")).StatusCode);
        Assert.Equal(1, await _data.LineCountAsync(id));
        Assert.DoesNotContain(lineId, (await _data.Orders.GetAsync(id, CancellationToken.None))!.Lines.Select(l => l.Id));
    }

    [Fact]
    public async Task A_stale_or_refused_action_is_not_asked_about_but_answered_at_once()
    {
        var (id, _) = await OrderAsync("confirmed");
        var client = await fixture.App.SignInAsync();
        var version = (await _data.VersionAsync(id)).ToString();

        var stale = await OrderTestData.PostAsync(client, id, "Cancel", new() { ["Version"] = "1" });
        var refused = await OrderTestData.PostAsync(client, id, "CreateInvoice", new() { ["Version"] = version });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Null((await refused.ReadHtmlAsync()).ByTestId("confirmation"));
        Assert.Equal("confirmed", await _data.StatusAsync(id));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("confirmed")]
    [InlineData("shipped")]
    public async Task Irreversible_htmx_buttons_ask_the_browser_and_every_htmx_form_disables_its_button_while_it_runs(string status)
    {
        var (id, _) = await OrderAsync(status);
        var client = await fixture.App.SignInAsync();

        var page = await client.GetHtmlAsync($"/orders/{id}");

        var forms = page.QuerySelectorAll("form[hx-post]");
        Assert.NotEmpty(forms);
        Assert.All(forms, f => Assert.Equal("find button", f.GetAttribute("hx-disabled-elt")));
        foreach (var form in forms)
        {
            var label = form.ByRole("button")!.ReadText();
            var irreversible = label is "Ship" or "Create invoice" or "Cancel order" or "Remove line";
            Assert.True(irreversible == form.HasAttribute("hx-confirm"), $"{label}: hx-confirm only and always on irreversible actions");
        }
    }
}
