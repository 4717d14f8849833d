using System.Net;
using Erp.Tests.Support;
using Erp.Web.Pages.Customers;
using static Erp.Tests.Integration.Customers.CustomerForms;

namespace Erp.Tests.Integration.Customers;

[Collection(AppCollection.Name)]
public sealed class CustomerFlowTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private static string EditPage(long id) => $"/customers/{id}/edit";

    private Task<T> ColumnAsync<T>(long id, string column) =>
        App.Database.ScalarAsync<T>($"SELECT {column} FROM customers WHERE id = @id", new { id });

    [Fact]
    public async Task Create_view_and_edit_round_trip_through_the_forms()
    {
        var client = await App.SignInAsync();
        var code = UniqueCode();

        var created = await CreateAsync(client, Valid(code, "Round Trip GmbH"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = IdFrom(created.Headers.Location!.OriginalString);
        var detail = (await client.GetHtmlAsync($"/customers/{id}")).Body!.ReadText();
        foreach (var shown in new[] { "Round Trip GmbH", code, "orders@acme.example", "+49 30 1234 5678", "Germany", "2,500.00" })
        {
            Assert.Contains(shown, detail);
        }

        var form = await client.ReadFormAsync(EditPage(id), FormId);
        var edit = await client.GetStringAsync(EditPage(id));
        Assert.Equal("Round Trip GmbH", FormPosts.InputValue(edit, "Input.Name"));
        Assert.Equal("2500.00", FormPosts.InputValue(edit, "Input.CreditLimit"));
        Assert.Equal("1", FormPosts.InputValue(edit, "Version"));

        var saved = await client.PostAsync(form, Valid(code, "Round Trip AG").With("Input.Country", "Austria").With("Version", "1"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/customers/{id}", saved.Headers.Location!.OriginalString);
        var after = (await client.GetHtmlAsync($"/customers/{id}")).Body!.ReadText();
        Assert.Contains("Round Trip AG", after);
        Assert.Contains("Austria", after);
        Assert.Equal(2, await ColumnAsync<int>(id, "version"));
    }

    [Fact]
    public async Task Code_already_taken_is_a_field_error_on_create()
    {
        var client = await App.SignInAsync();
        var code = UniqueCode();
        await CreatedIdAsync(client, Valid(code));

        var response = await CreateAsync(client, Valid(code.ToLowerInvariant(), "Someone Else"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(CustomerFormPage.CodeTaken, FormPosts.FieldError(await response.Content.ReadAsStringAsync(), "Input.Code"));
        Assert.Equal(1, await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM customers WHERE code = @code", new { code }));
    }

    [Fact]
    public async Task Code_already_taken_is_a_field_error_on_edit_and_nothing_changes()
    {
        var client = await App.SignInAsync();
        var taken = UniqueCode();
        await CreatedIdAsync(client, Valid(taken));
        var ownCode = UniqueCode();
        var id = await CreatedIdAsync(client, Valid(ownCode, "Second Customer"));

        var response = await client.SubmitAsync(EditPage(id), FormId, Valid(taken, "Renamed").With("Version", "1"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(CustomerFormPage.CodeTaken, FormPosts.FieldError(await response.Content.ReadAsStringAsync(), "Input.Code"));
        Assert.Equal(ownCode, await ColumnAsync<string>(id, "code"));
        Assert.Equal("Second Customer", await ColumnAsync<string>(id, "name"));
    }

    [Fact]
    public async Task Racing_creates_with_one_code_store_one_customer_and_refuse_the_others_as_field_errors()
    {
        var code = UniqueCode();
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.SignInAsync()));
        var forms = await Task.WhenAll(clients.Select(c => c.ReadFormAsync("/customers/new", FormId)));

        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostAsync(forms[i], Valid(code, $"Racer {i}"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(CustomerFormPage.CodeTaken, FormPosts.FieldError(await refused.Content.ReadAsStringAsync(), "Input.Code"));
        }
        Assert.Equal(1, await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM customers WHERE code = @code", new { code }));
    }

    [Fact]
    public async Task Stale_edit_is_refused_with_409_showing_stored_and_attempted_values_and_a_reload_link()
    {
        var alice = await App.SignInAsync();
        var bob = await App.SignInAsync();
        var code = UniqueCode();
        var id = await CreatedIdAsync(alice, Valid(code, "Original Name"));
        var aliceForm = await alice.ReadFormAsync(EditPage(id), FormId);
        var bobForm = await bob.ReadFormAsync(EditPage(id), FormId);

        var first = await alice.PostAsync(aliceForm, Valid(code, "Alice Was First").With("Version", "1"));
        var second = await bob.PostAsync(bobForm, Valid(code, "Bob Came Later").With("Input.CreditLimit", "7777.00").With("Version", "1"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        var page = Html.Parse(html);
        var reload = page.ByRole("link", "Reload the stored values");
        Assert.Equal($"/customers/{id}/edit", reload?.GetAttribute("href"));
        var conflict = reload!.Closest("[role=alert]");
        Assert.NotNull(conflict);
        Assert.Equal("Alice Was First", conflict.Definition("Name"));
        Assert.Equal("Bob Came Later", FormPosts.InputValue(html, "Input.Name"));
        Assert.Equal("7777.00", FormPosts.InputValue(html, "Input.CreditLimit"));
        Assert.Equal("Alice Was First", await ColumnAsync<string>(id, "name"));
        Assert.Equal(2, await ColumnAsync<int>(id, "version"));
    }

    [Fact]
    public async Task Htmx_stale_edit_gets_only_the_form_fragment_with_409_and_the_stored_values()
    {
        var client = await App.SignInAsync();
        var code = UniqueCode();
        var id = await CreatedIdAsync(client, Valid(code, "Before"));
        var form = await client.ReadFormAsync(EditPage(id), FormId);
        await App.Database.ExecuteAsync("UPDATE customers SET name = 'Changed Elsewhere', version = version + 1 WHERE id = @id", new { id });

        var response = await client.PostAsync(form, Valid(code, "Mine").With("Version", "1"), htmx: true);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True(Html.IsFragment(html), "An htmx post gets the form, not the layout.");
        Assert.Equal(("form", FormId), (Html.Lead(html)?.LocalName, Html.Lead(html)?.Id));
        Assert.Equal("Changed Elsewhere", Html.Parse(html).ByRole("alert")?.Definition("Name"));
        Assert.Equal("Mine", FormPosts.InputValue(html, "Input.Name"));
        Assert.Equal("Changed Elsewhere", await ColumnAsync<string>(id, "name"));
    }

    [Fact]
    public async Task Htmx_post_with_errors_gets_only_the_form_fragment_with_422()
    {
        var client = await App.SignInAsync();

        var response = await CreateAsync(client, Valid().With("Input.Name", ""), htmx: true);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(("form", FormId), (Html.Lead(html)?.LocalName, Html.Lead(html)?.Id));
        Assert.True(Html.IsFragment(html), "An htmx post gets the form, not the layout.");
        Assert.Equal("Name is required.", FormPosts.FieldError(html, "Input.Name"));
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Fact]
    public async Task Htmx_create_answers_with_HX_Redirect_to_the_new_customer_instead_of_a_302()
    {
        var client = await App.SignInAsync();
        var code = UniqueCode();

        var response = await CreateAsync(client, Valid(code), htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = await App.Database.ScalarAsync<long>("SELECT id FROM customers WHERE code = @code", new { code });
        Assert.Equal($"/customers/{id}", Assert.Single(response.Headers.GetValues("HX-Redirect")));
    }

    [Fact]
    public async Task Unknown_customer_is_404_on_the_detail_and_edit_pages()
    {
        var client = await App.SignInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/customers/987654321/edit")).StatusCode);
    }

    [Fact]
    public async Task Forms_have_the_contract_labels_and_a_Save_button()
    {
        var client = await App.SignInAsync();

        var form = (await client.GetHtmlAsync("/customers/new")).GetElementById(FormId);

        Assert.NotNull(form);
        foreach (var (field, label) in new[] { ("Name", "Name"), ("Code", "Code"), ("Email", "Email"), ("Phone", "Phone"), ("Country", "Country"), ("CreditLimit", "Credit limit") })
        {
            var control = form.Labelled(label);
            Assert.Equal(($"Input_{field}", $"Input.{field}"), (control?.Id, control?.GetAttribute("name")));
        }
        var save = form.ByRole("button", "Save");
        Assert.Equal("submit", save?.GetAttribute("type"));
        Assert.Contains("primary", save!.ClassList);
    }
}
