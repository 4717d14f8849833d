using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Erp.Web.Hosting;

namespace Erp.Tests.Integration;

/// <summary>
/// Edge values into every list parameter and every form field of every page: no answer may be a 5xx.
/// Forms, their fields, htmx lookups and filter links are read from the rendered pages (AngleSharp),
/// so fields and linked pages added later are covered without touching this test. Each parameter
/// first has to show that it reaches its handler: a control value must change the answer
/// (a refusal, an echo in the page, other rows), else the edge values would prove nothing.
/// </summary>
public sealed partial class EdgeValueTests : IAsyncLifetime
{
    private const string Control = "~ctl~";

    /// <summary>The edge values; Raw ones go on the wire as written (invalid percent-encoding).</summary>
    private static readonly (string Name, string[] Values, bool Raw)[] Edges =
    [
        ("earliest date", ["0001-01-01"], false),
        ("latest date", ["9999-12-31"], false),
        ("huge number", ["99999999999999999999999999"], false),
        ("huge negative number", ["-99999999999999999999999999"], false),
        ("just past Int32", ["2147483648"], false),
        ("negative", ["-1"], false),
        ("zero", ["0"], false),
        ("fraction", ["0.5"], false),
        ("empty", [""], false),
        ("whitespace", ["   "], false),
        ("10,000 characters", [new string('x', 10_000)], false),
        ("10,000 digits", [new string('9', 10_000)], false),
        ("NUL character", ["\0"], false),
        ("invalid percent-encoding", ["%ZZ"], true),
        ("lone percent sign", ["%"], true),
        ("repeated parameter", ["1", "-1"], false),
    ];

    private ErpApp _app = null!;
    private HttpClient _client = null!;
    private OrderTestData _data = null!;
    private (long Id, string Code, string Name) _customer;
    private (long Id, string Sku) _product;

    public async Task InitializeAsync()
    {
        // Real Kestrel and a socket client: the in-memory test server re-encodes "%ZZ" in a query string.
        _app = await ErpApp.StartAsync(seedOrders: 120, kestrel: true);
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = _app.ServerAddress,
        };
        var signIn = await ErpApp.PostLoginAsync(_client, DemoUsers.AdminEmail, ErpApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        _data = new OrderTestData(_app);
        await _app.Database.ExecuteAsync("CREATE TABLE users_as_seeded AS SELECT id, role, password_hash, security_stamp FROM users");
        _customer = await _data.CustomerAsync();
        _product = await _data.ProductAsync(2.50m, 1_000_000);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// A page to read requests from, loaded afresh for every request: order pages get a fresh order
    /// each time, since the requests change it; an answer page (a confirmation step) is posted for again.
    /// </summary>
    private sealed record PageSource(string Name, Func<Task<(string Url, IDocument Page)>> Load);

    private PageSource Get(string name, Func<Task<string>> url) => new(name, async () =>
    {
        var at = await url();
        if (at.StartsWith("/admin/users", StringComparison.Ordinal))
        {
            await RestoreUsersAsync();
        }
        return (at, await _client.GetHtmlAsync(at));
    });

    /// <summary>The page a plain (no JavaScript) post of <paramref name="signature"/> on <paramref name="parent"/> answers with.</summary>
    private PageSource Answer(PageSource parent, string signature) => new($"{parent.Name} → {signature}", async () =>
    {
        var response = await SendAsync(parent, signature, "", null, raw: false, htmx: false);
        return (response.RequestMessage!.RequestUri!.PathAndQuery, await response.ReadHtmlAsync());
    });

    /// <summary>
    /// User administration changes the users it is posted for (disable, role, password, even the
    /// signed-in admin's own password): put every user back as seeded before the page is read again,
    /// so each request finds the same forms and the test's own session stays valid.
    /// </summary>
    private Task RestoreUsersAsync() => _app.Database.ExecuteAsync("""
        UPDATE users u JOIN users_as_seeded s ON s.id = u.id
        SET u.role = s.role, u.disabled_at = NULL, u.locked_until = NULL, u.failed_logins = 0,
            u.password_hash = s.password_hash, u.security_stamp = s.security_stamp
        """);

    private async Task<string> FreshOrderAsync(string status)
    {
        var id = await _data.DraftAsync(_customer.Id, (_product.Id, 2, null), (_product.Id, 1, 1.25m));
        if (status is "confirmed" or "shipped")
        {
            OrderTestData.Ok(await _data.ConfirmAsync(id));
        }
        if (status == "shipped")
        {
            OrderTestData.Ok(await _data.ShipAsync(id));
        }
        return $"/orders/{id}";
    }

    private async Task<List<PageSource>> SourcesAsync()
    {
        var customer = await _app.Database.ScalarAsync<long>("SELECT MIN(id) FROM customers");
        var product = await _app.Database.ScalarAsync<long>("SELECT MIN(id) FROM products");
        var invoice = await _app.Database.ScalarAsync<long>("SELECT MIN(id) FROM invoices");
        List<PageSource> sources =
        [
            .. new[]
            {
                "/login", "/orders", "/customers", "/products", "/invoices", "/orders/new", "/customers/new", "/products/new",
                $"/customers/{customer}", $"/customers/{customer}/edit", $"/products/{product}", $"/products/{product}/edit",
                $"/invoices/{invoice}",
            }.Select(u => Get(u, () => Task.FromResult(u))),
            Get("draft order", () => FreshOrderAsync("draft")),
            Get("confirmed order", () => FreshOrderAsync("confirmed")),
            Get("shipped order", () => FreshOrderAsync("shipped")),
        ];
        // Pages linked from these that no source covers yet (pages added later) are covered as found.
        var patterns = new HashSet<string>(sources.Select(s => Pattern(s.Name.Contains(' ') ? "/orders/1" : s.Name)));
        foreach (var source in sources.ToList())
        {
            var (_, page) = await source.Load();
            foreach (var link in PageRequests.Links(page).Where(l => patterns.Add(Pattern(l)) && l != "/logout"))
            {
                sources.Add(Get(link, () => Task.FromResult(link)));
            }
        }
        return sources;
    }

    private static string Pattern(string path) => Regex.Replace(path, "[0-9]+", "#");

    [Fact]
    public async Task Edge_values_in_every_parameter_of_every_page_never_answer_5xx()
    {
        var failures = new List<string>();
        var unbound = new List<string>();
        var covered = new List<string>();
        var sources = await SourcesAsync();
        var answers = new List<PageSource>(); // grows while the loop runs
        foreach (var source in sources.Concat(Later(answers)))
        {
            var seen = new HashSet<string>();
            var (url, page) = await source.Load();
            var offered = PageRequests.Discover(page, url);
            foreach (var request in offered.Where(r => seen.Add(r.Signature)))
            {
                var occurrence = request.Signature;
                var parameters = request.Fields.Select(f => f.Name).Distinct().ToList();
                if (request.Kind == "form" && request.Method == "GET" && page.QuerySelector("form[role=search]") is not null)
                {
                    parameters.Add("limit"); // the page size of a list: in no form or link
                }
                foreach (var name in parameters)
                {
                    var what = $"{source.Name}: {request} [{name}]";
                    var baseline = await SendAsync(source, occurrence, name, null, raw: false, htmx: false);
                    Check(what + " baseline", baseline, failures);
                    var baselineSeen = await FingerprintAsync(baseline);
                    if (request.Method == "POST" && baseline.StatusCode == HttpStatusCode.OK && !source.Name.Contains('→')
                        && PageRequests.Discover(Html.Parse(await baseline.Content.ReadAsStringAsync()), request.Path)
                            .Any(r => r.Method == "POST" && offered.All(o => o.Signature != r.Signature))
                        && answers.All(a => a.Name != Answer(source, occurrence).Name))
                    {
                        answers.Add(Answer(source, occurrence)); // e.g. "Are you sure?" with its own form
                    }
                    var control = await SendAsync(source, occurrence, name, [ControlFor(name)], raw: false, htmx: false);
                    Check(what + " control", control, failures);
                    if (baselineSeen == await FingerprintAsync(control))
                    {
                        unbound.Add(what);
                    }
                    foreach (var (edge, values, raw) in Edges)
                    {
                        foreach (var htmx in request.Htmx ? new[] { false, true } : [false])
                        {
                            Check($"{what} = {edge}{(htmx ? " (htmx)" : "")}", await SendAsync(source, occurrence, name, values, raw, htmx), failures);
                        }
                    }
                    covered.Add(what);
                }
            }
        }

        Assert.True(covered.Count > 40, "Too few parameters found: " + string.Join("\n", covered));
        Assert.True(unbound.Count == 0, "No control value changed the answer of:\n" + string.Join("\n", unbound));
        Assert.True(failures.Count == 0, $"{failures.Count} answers were 5xx:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>Answer pages found while going through the sources, taken once the sources are done.</summary>
    private static IEnumerable<PageSource> Later(List<PageSource> answers)
    {
        for (var i = 0; i < answers.Count; i++)
        {
            yield return answers[i];
        }
    }

    private string ControlFor(string name) => name switch
    {
        "Customer" => _customer.Code, // the picker and the New order form answer differently to a customer that exists
        "limit" => "1",
        _ => Control,
    };

    /// <summary>
    /// Values for fields a page renders empty, so that their form goes through and the other
    /// fields' controls reach the step after validation (a stale Version answers 409 only then).
    /// </summary>
    private string? ExampleFor(string name) => name switch
    {
        "NewLine.Product" => _product.Sku,
        "NewLine.Quantity" => "1",
        _ => null,
    };

    private static void Check(string what, HttpResponseMessage response, List<string> failures)
    {
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"{(int)response.StatusCode} {what}");
        }
    }

    /// <summary>
    /// Reads the source page afresh (current version, token and ids), finds the request with the
    /// same signature and sends it with <paramref name="name"/> set to <paramref name="values"/>
    /// (null: as rendered).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(PageSource source, string signature, string name, string[]? values, bool raw, bool htmx)
    {
        var (url, page) = await source.Load();
        var request = PageRequests.Discover(page, url).FirstOrDefault(r => r.Signature == signature)
                      ?? throw new InvalidOperationException($"{source.Name} no longer offers {signature}.");
        var fields = request.Fields.Select(f => f.Value.Length == 0 && ExampleFor(f.Name) is { } example ? f with { Value = example } : f).ToList();
        var inQuery = request.Method == "GET" || fields.FirstOrDefault(f => f.Name == name)?.InQuery == true;
        if (values is not null)
        {
            fields.RemoveAll(f => f.Name == name);
            fields.AddRange(values.Select(v => new Field(name, v, inQuery)));
        }
        var rawName = values is not null && raw ? name : null;
        var query = Encode(fields.Where(f => request.Method == "GET" || f.InQuery), rawName);
        var body = Encode([.. fields.Where(f => request.Method == "POST" && !f.InQuery),
            .. request.Token is null ? [] : new[] { new Field(PageRequests.TokenField, request.Token) }], rawName);
        var target = request.Path + (query.Length > 0 ? "?" + query : "");
        var message = new HttpRequestMessage(new HttpMethod(request.Method),
            new Uri(_app.ServerAddress.GetLeftPart(UriPartial.Authority) + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        if (request.Method == "POST")
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        if (htmx)
        {
            message.Headers.Add("HX-Request", "true");
        }
        return await _client.SendAsync(message);
    }

    private static string Encode(IEnumerable<Field> fields, string? rawName) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + (f.Name == rawName ? f.Value : Uri.EscapeDataString(f.Value))));

    /// <summary>
    /// What a user would see of an answer: status, where it leads (followed once) and the page's
    /// text and field values, with digits blurred (fresh orders have new ids, tokens change).
    /// </summary>
    private async Task<string> FingerprintAsync(HttpResponseMessage response)
    {
        var text = new StringBuilder().Append((int)response.StatusCode).Append('|');
        var next = response.Headers.Location?.OriginalString
                   ?? (response.Headers.TryGetValues("HX-Redirect", out var redirect) ? redirect.First() : null);
        if (next is not null)
        {
            text.Append(next).Append('|').Append(Visible(await _client.GetHtmlAsync(next)));
        }
        text.Append(Visible(await response.ReadHtmlAsync()));
        return Digits().Replace(text.ToString(), "#");
    }

    private static string Visible(IDocument page) =>
        page.Body!.ReadText() + "|" + string.Join(";", page.QuerySelectorAll("[name]")
            .Where(e => e.GetAttribute("name") != PageRequests.TokenField)
            .Select(e => e.GetAttribute("name") + "=" + (e.GetAttribute("value") ?? e.QuerySelector("option[selected]")?.GetAttribute("value"))));

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
