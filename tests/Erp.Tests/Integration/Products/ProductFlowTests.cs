using System.Net;
using Erp.Tests.Support;
using Erp.Web.Pages.Products;
using static Erp.Tests.Integration.Products.ProductForms;

namespace Erp.Tests.Integration.Products;

[Collection(AppCollection.Name)]
public sealed class ProductFlowTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private static string EditPage(long id) => $"/products/{id}/edit";

    private Task<T> ColumnAsync<T>(long id, string column) =>
        App.Database.ScalarAsync<T>($"SELECT {column} FROM products WHERE id = @id", new { id });

    [Fact]
    public async Task Opening_stock_is_recorded_as_an_opening_movement_and_shown_on_the_product_page()
    {
        var client = await App.SignInAsync();

        var id = await CreatedIdAsync(client, Valid(openingStock: "25"));

        Assert.Equal(25, await ColumnAsync<int>(id, "on_hand"));
        var movement = Assert.Single(await App.Database.QueryAsync<(string Kind, int Quantity, int OnHandAfter)>(
            "SELECT kind, quantity, on_hand_after FROM stock_movements WHERE product_id = @id", new { id }));
        Assert.Equal(("opening", 25, 25), movement);
        var page = await client.GetHtmlAsync($"/products/{id}");
        Assert.Equal("25", page.ByTestId("stock-on-hand")?.ReadText());
        Assert.Equal("25", page.ByTestId("stock-available")?.ReadText());
        var row = Assert.Single(page.Rows("stock-movements"));
        Assert.Equal("opening", row.Cells()[1]);
    }

    [Fact]
    public async Task Create_view_and_edit_round_trip_leaves_stock_alone()
    {
        var client = await App.SignInAsync();
        var sku = UniqueSku();
        var id = await CreatedIdAsync(client, Valid(sku, "Hex nut M8", "40"));
        Assert.Contains("Hex nut M8", (await client.GetHtmlAsync($"/products/{id}")).Body!.ReadText());

        var edit = await client.GetStringAsync(EditPage(id));
        Assert.Equal(sku, FormPosts.InputValue(edit, "Input.Sku"));
        Assert.Equal("0.35", FormPosts.InputValue(edit, "Input.UnitPrice"));
        Assert.Empty(Html.Parse(edit).QuerySelectorAll("[name='Input.OpeningStock'], #Input_OpeningStock"));
        Assert.Null(Html.Parse(edit).Labelled("Opening stock"));

        var saved = await client.SubmitAsync(EditPage(id), FormId, Valid(sku, "Hex nut M8 zinc")
            .With("Input.UnitPrice", "0.42").With("Input.ReorderLevel", "15").With("Input.OpeningStock", "999").With("Version", "1"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/products/{id}", saved.Headers.Location!.OriginalString);
        var row = Assert.Single(await App.Database.QueryAsync<(string Name, decimal Price, int Reorder, int OnHand, int Version)>(
            "SELECT name, unit_price, reorder_level, on_hand, version FROM products WHERE id = @id", new { id }));
        Assert.Equal(("Hex nut M8 zinc", 0.42m, 15, 40, 2), row);
    }

    [Fact]
    public async Task Sku_already_taken_is_a_field_error_on_create_and_on_edit()
    {
        var client = await App.SignInAsync();
        var sku = UniqueSku();
        await CreatedIdAsync(client, Valid(sku));
        var otherSku = UniqueSku();
        var other = await CreatedIdAsync(client, Valid(otherSku));

        var create = await CreateAsync(client, Valid(sku));
        var edit = await client.SubmitAsync(EditPage(other), FormId, Valid(sku).With("Version", "1"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, create.StatusCode);
        Assert.Equal(ProductFormPage.SkuTaken, FormPosts.FieldError(await create.Content.ReadAsStringAsync(), "Input.Sku"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        Assert.Equal(ProductFormPage.SkuTaken, FormPosts.FieldError(await edit.Content.ReadAsStringAsync(), "Input.Sku"));
        Assert.Equal(1, await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM products WHERE sku = @sku", new { sku }));
        Assert.Equal(otherSku, await ColumnAsync<string>(other, "sku"));
    }

    [Fact]
    public async Task Racing_creates_with_one_sku_store_one_product_with_one_opening_movement()
    {
        var sku = UniqueSku();
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.SignInAsync()));
        var forms = await Task.WhenAll(clients.Select(c => c.ReadFormAsync("/products/new", FormId)));

        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostAsync(forms[i], Valid(sku, $"Racer {i}"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(ProductFormPage.SkuTaken, FormPosts.FieldError(await refused.Content.ReadAsStringAsync(), "Input.Sku"));
        }
        Assert.Equal(1, await App.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM stock_movements m JOIN products p ON p.id = m.product_id WHERE p.sku = @sku", new { sku }));
    }

    [Fact]
    public async Task Stale_edit_is_refused_with_409_showing_stored_and_attempted_values_and_a_reload_link()
    {
        var alice = await App.SignInAsync();
        var bob = await App.SignInAsync();
        var sku = UniqueSku();
        var id = await CreatedIdAsync(alice, Valid(sku, "Original"));
        var aliceForm = await alice.ReadFormAsync(EditPage(id), FormId);
        var bobForm = await bob.ReadFormAsync(EditPage(id), FormId);

        var first = await alice.PostAsync(aliceForm, Valid(sku, "Alice price").With("Input.UnitPrice", "1.10").With("Version", "1"));
        var second = await bob.PostAsync(bobForm, Valid(sku, "Bob price").With("Input.UnitPrice", "9.90").With("Version", "1"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        var reload = Html.Parse(html).ByRole("link", "Reload the stored values");
        Assert.Equal($"/products/{id}/edit", reload?.GetAttribute("href"));
        var conflict = reload!.Closest("[role=alert]");
        Assert.NotNull(conflict);
        Assert.Equal(("Alice price", "1.10"), (conflict.Definition("Name"), conflict.Definition("Unit price")));
        Assert.Equal("Bob price", FormPosts.InputValue(html, "Input.Name"));
        Assert.Equal("9.90", FormPosts.InputValue(html, "Input.UnitPrice"));
        Assert.Equal(1.10m, await ColumnAsync<decimal>(id, "unit_price"));
    }

    [Fact]
    public async Task Stock_adjustments_do_not_make_an_open_edit_form_stale()
    {
        var client = await App.SignInAsync();
        var sku = UniqueSku();
        var id = await CreatedIdAsync(client, Valid(sku, openingStock: "5"));
        var editForm = await client.ReadFormAsync(EditPage(id), FormId);

        Assert.Equal(HttpStatusCode.Redirect, (await AdjustAsync(client, id, Adjustment("3"))).StatusCode);
        var saved = await client.PostAsync(editForm, Valid(sku, "Renamed while stock moved").With("Version", "1"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(8, await ColumnAsync<int>(id, "on_hand"));
    }

    [Fact]
    public async Task Htmx_create_answers_with_HX_Redirect_and_htmx_errors_get_only_the_form()
    {
        var client = await App.SignInAsync();
        var sku = UniqueSku();

        var invalid = await CreateAsync(client, Valid(sku).With("Input.UnitPrice", "-3"), htmx: true);
        var created = await CreateAsync(client, Valid(sku), htmx: true);

        var fragment = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(("form", FormId), (Html.Lead(fragment)?.LocalName, Html.Lead(fragment)?.Id));
        Assert.True(Html.IsFragment(fragment), "An htmx post gets the form, not the layout.");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = await App.Database.ScalarAsync<long>("SELECT id FROM products WHERE sku = @sku", new { sku });
        Assert.Equal($"/products/{id}", Assert.Single(created.Headers.GetValues("HX-Redirect")));
    }

    [Fact]
    public async Task Product_forms_have_the_contract_labels_and_a_Save_button()
    {
        var client = await App.SignInAsync();

        var form = (await client.GetHtmlAsync("/products/new")).GetElementById(FormId);

        Assert.NotNull(form);
        foreach (var (field, label) in new[] { ("Sku", "SKU"), ("Name", "Name"), ("UnitPrice", "Unit price"), ("OpeningStock", "Opening stock"), ("ReorderLevel", "Reorder level") })
        {
            var control = form.Labelled(label);
            Assert.Equal(($"Input_{field}", $"Input.{field}"), (control?.Id, control?.GetAttribute("name")));
        }
        var save = form.ByRole("button", "Save");
        Assert.Equal("submit", save?.GetAttribute("type"));
        Assert.Contains("primary", save!.ClassList);
    }

    [Fact]
    public async Task Unknown_product_is_404_on_the_detail_and_edit_pages()
    {
        var client = await App.SignInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/987654321/edit")).StatusCode);
    }
}
