using System.Reflection;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Data.Products;
using Erp.Data.Users;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.WritePath;

/// <summary>
/// The change list is what the cache invalidates from and what jobs wake on (ADR 0005), so it must
/// name exactly the rows a write changed. Every write method of every store runs here once, and
/// what it recorded is compared with a fingerprint of every business table before and after.
/// </summary>
public sealed partial class ChangeListTests(ChangeListTests.Fixture fixture) : IClassFixture<ChangeListTests.Fixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    public sealed class Fixture : IAsyncLifetime
    {
        public ChangeRecorder Recorder { get; } = new();
        public ErpApp App { get; private set; } = null!;
        public OrderTestData Data { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = await ErpApp.StartAsync(seedOrders: 0,
                configure: b => b.ConfigureTestServices(s => s.AddSingleton<IAfterCommit>(Recorder)));
            Data = new OrderTestData(App);
        }

        public async Task DisposeAsync() => await App.DisposeAsync();

        public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();
    }

    /// <summary>A write: arrange what it needs (not measured), then the write itself.</summary>
    private delegate Task<Func<Task>> Scenario(Fixture f);

    private static readonly Dictionary<string, Scenario> Writes = new()
    {
        ["CustomerStore.CreateAsync"] = async f => () => f.Get<CustomerStore>().CreateAsync(NewCustomer(), None),
        ["CustomerStore.UpdateAsync"] = async f =>
        {
            var created = (await f.Get<CustomerStore>().CreateAsync(NewCustomer(), None)).Row!;
            return () => f.Get<CustomerStore>().UpdateAsync(created.Id, created.Version, NewCustomer() with { Name = "Renamed" }, None);
        },
        ["ProductStore.CreateAsync"] = async f => () => f.Get<ProductStore>().CreateAsync(NewProduct(), 5, None),
        ["ProductStore.UpdateAsync"] = async f =>
        {
            var created = (await f.Get<ProductStore>().CreateAsync(NewProduct(), 5, None)).Row!;
            return () => f.Get<ProductStore>().UpdateAsync(created.Id, created.Version, NewProduct() with { Name = "Renamed" }, None);
        },
        ["ProductStore.AdjustStockAsync"] = async f =>
        {
            var (id, _) = await f.Data.ProductAsync(10m, 5);
            return () => f.Get<ProductStore>().AdjustStockAsync(id, 3, "Counted", None);
        },
        ["OrderStore.CreateDraftAsync"] = async f =>
        {
            var (customer, _, _) = await f.Data.CustomerAsync();
            return () => f.Get<Erp.Data.Orders.OrderStore>().CreateDraftAsync(customer, None);
        },
        ["OrderStore.CreateWithLinesAsync"] = async f =>
        {
            var (customer, _, _) = await f.Data.CustomerAsync();
            var (first, _) = await f.Data.ProductAsync(10m, 5);
            var (second, _) = await f.Data.ProductAsync(2.5m, 5);
            return () => f.Get<Erp.Data.Orders.OrderStore>().CreateWithLinesAsync(customer, [new(first, 2), new(second, 4)], None);
        },
        ["OrderStore.AddLineAsync"] = async f =>
        {
            var (customer, _, _) = await f.Data.CustomerAsync();
            var (product, _) = await f.Data.ProductAsync(10m, 5);
            var order = await f.Data.DraftAsync(customer);
            var version = await f.Data.VersionAsync(order);
            return () => f.Data.Orders.AddLineAsync(order, version, product, 2, null, None);
        },
        ["OrderStore.ChangeLineAsync"] = async f =>
        {
            var (order, line) = await DraftWithLineAsync(f);
            var version = await f.Data.VersionAsync(order);
            return () => f.Data.Orders.ChangeLineAsync(order, version, line, 3, null, None);
        },
        ["OrderStore.RemoveLineAsync"] = async f =>
        {
            var (order, line) = await DraftWithLineAsync(f);
            var version = await f.Data.VersionAsync(order);
            return () => f.Data.Orders.RemoveLineAsync(order, version, line, None);
        },
        ["OrderWorkflow.ConfirmAsync"] = async f =>
        {
            var (order, _) = await DraftWithLineAsync(f);
            return () => f.Data.ConfirmAsync(order);
        },
        ["OrderWorkflow.ShipAsync"] = async f =>
        {
            var (order, _) = await DraftWithLineAsync(f);
            OrderTestData.Ok(await f.Data.ConfirmAsync(order));
            return () => f.Data.ShipAsync(order);
        },
        ["OrderWorkflow.CancelAsync"] = async f =>
        {
            var (order, _) = await DraftWithLineAsync(f);
            OrderTestData.Ok(await f.Data.ConfirmAsync(order));
            return () => f.Data.CancelAsync(order);
        },
        ["InvoiceStore.CreateForOrderAsync"] = async f =>
        {
            var (customer, _, _) = await f.Data.CustomerAsync();
            var (product, _) = await f.Data.ProductAsync(10m, 5);
            var order = await f.Data.ShippedAsync(customer, product, 2, 10m);
            return () => f.Data.InvoiceAsync(order);
        },
        ["UserStore.RecordLoginAsync"] = async f =>
        {
            var user = await NewUserAsync(f);
            await f.Get<UserStore>().RecordFailedLoginAsync(user, 5, TimeSpan.FromMinutes(1), None);
            return () => f.Get<UserStore>().RecordLoginAsync(user, None);
        },
        ["UserStore.RecordFailedLoginAsync"] = async f =>
        {
            var user = await NewUserAsync(f);
            return () => f.Get<UserStore>().RecordFailedLoginAsync(user, 5, TimeSpan.FromMinutes(1), None);
        },
        ["UserStore.CreateAsync"] = async f => () =>
            f.Get<UserStore>().CreateAsync(new NewUser($"{Guid.NewGuid():N}@erp.test", "New user", Roles.Employee, "hash"), None),
        ["UserStore.ChangeRoleAsync"] = async f =>
        {
            var (admin, user) = (await AdminIdAsync(f), await NewUserAsync(f));
            return () => f.Get<UserStore>().ChangeRoleAsync(admin, user, Roles.Admin, None);
        },
        ["UserStore.DisableAsync"] = async f =>
        {
            var (admin, user) = (await AdminIdAsync(f), await NewUserAsync(f));
            return () => f.Get<UserStore>().DisableAsync(admin, user, None);
        },
        ["UserStore.EnableAsync"] = async f =>
        {
            var (admin, user) = (await AdminIdAsync(f), await NewUserAsync(f));
            await f.Get<UserStore>().DisableAsync(admin, user, None);
            return () => f.Get<UserStore>().EnableAsync(user, None);
        },
        ["UserStore.UnlockAsync"] = async f =>
        {
            var user = await NewUserAsync(f);
            await f.Get<UserStore>().RecordFailedLoginAsync(user, 1, TimeSpan.FromMinutes(5), None);
            return () => f.Get<UserStore>().UnlockAsync(user, None);
        },
        ["UserStore.ResetPasswordAsync"] = async f =>
        {
            var user = await NewUserAsync(f);
            return () => f.Get<UserStore>().ResetPasswordAsync(user, "new-hash", None);
        },
        ["RevertStore.RevertAsync"] = async f =>
        {
            var created = (await f.Get<CustomerStore>().CreateAsync(NewCustomer(), None)).Row!;
            await f.Get<CustomerStore>().UpdateAsync(created.Id, created.Version, NewCustomer() with { Code = created.Code, Name = "Renamed" }, None);
            var entry = await f.App.Database.ScalarAsync<long>(
                "SELECT MAX(id) FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'update'", created);
            var admin = await AdminIdAsync(f);
            return () => f.Get<Erp.Data.Audit.RevertStore>().RevertAsync(entry, admin, None);
        },
    };

    /// <summary>Read methods change nothing and record nothing.</summary>
    private static readonly HashSet<string> Reads =
    [
        "CustomerStore.GetAsync", "CustomerListStore.PageAsync", "ProductStore.GetAsync", "ProductStore.DetailAsync",
        "ProductListStore.PageAsync", "OrderStore.GetAsync", "OrderListStore.PageAsync", "InvoiceStore.GetAsync",
        "InvoiceListStore.PageAsync", "CustomerListStore.ReadPageAsync", "ProductListStore.ReadPageAsync", "OrderListStore.ReadPageAsync", "InvoiceListStore.ReadPageAsync",
        "OrderLookupStore.SearchCustomersAsync", "OrderLookupStore.SearchProductsAsync",
        "OrderLookupStore.ResolveCustomerAsync", "OrderLookupStore.ResolveProductAsync", "OrderLookupStore.FindCustomerByCodeAsync",
        "OrderLookupStore.FindCustomerAsync", "StockStore.RecentMovementsAsync", "StockStore.CountersAsync", "DashboardStore.GetAsync",
        "UserStore.FindByEmailAsync", "UserStore.GetAsync", "UserStore.SessionAsync", "UserListStore.PageAsync",
        // The audit trail's readers (ADR 0017): /admin/audit, a row's diff, a record's history.
        "AuditReadStore.GetAsync", "AuditReadStore.PageAsync", "AuditReadStore.HistoryAsync",
        // Key ring rows of ASP.NET Core data protection: infrastructure, not business data, so they
        // are neither audited nor cached and need no change list (synchronous by the IXmlRepository contract).
        "DataProtectionKeyStore.GetAll", "DataProtectionKeyStore.Add",
        // API idempotency keys (the request's hash and first answer, ADR 0015): infrastructure as well.
        "IdempotencyStore.ClaimAsync", "IdempotencyStore.CompleteAsync", "IdempotencyStore.ReleaseAsync",
        // The audit trail's readers (ADR 0018): a verification's run and the newest result.
        "AuditVerifications.RunAsync", "AuditVerifications.LatestAsync",
    ];

    /// <summary>
    /// Methods that write only infrastructure rows beside the business tables (jobs, an invoice's PDF and
    /// e-mail records; ADR 0011): they change no business row, so they record no change and are not audited.
    /// Tests of their own live in tests/Erp.Tests/Integration/Jobs.
    /// </summary>
    private static readonly HashSet<string> Infrastructure =
    [
        "JobStore.ClaimAsync", "JobStore.RenewAsync", "JobStore.CompleteAsync", "JobStore.CompleteWithAsync", "JobStore.FailAsync",
        "JobStore.ReleaseAsync", "JobStore.ReclaimExpiredAsync", "JobStore.PurgeAsync", "JobStore.RetryAsync", "JobStore.CancelAsync",
        "JobStore.GetAsync", "JobStore.PageAsync", "JobStore.CountsAsync", "JobStore.QueueAsync",
        "InvoiceDocumentStore.PdfAsync", "InvoiceDocumentStore.FilesAsync", "InvoiceDocumentStore.RequestPdfAsync",
        "InvoiceDocumentStore.RequestEmailAsync", "InvoiceDocumentStore.EmailAsync",
        "ExportStore.CreateAsync", "ExportStore.GetAsync", "ExportStore.StartAsync", "ExportStore.ProgressAsync",
        // A business event with no business write (a failed sign-in, a sign-out): an audit_log row only (ADR 0018).
        "AuditEvents.RecordAsync",
        // "Verify chain" enqueues an audit-verify job (ADR 0018); its result is an audit event written by the job.
        "AuditVerifications.StartAsync",
        // The verify-audit verb's result: an audit event with no business write, as RecordAsync (VerifyAuditCommandTests).
        "AuditVerifications.RecordCommandRunAsync",
    ];

    public static TheoryData<string> WriteNames => [.. Writes.Keys.Order()];

    [Theory]
    [MemberData(nameof(WriteNames))]
    public async Task Write_records_exactly_the_rows_it_changed(string write)
    {
        var act = await Writes[write](fixture);
        var before = await TableSnapshot.TakeAsync(fixture.App.Database);
        fixture.Recorder.Clear();

        await act();

        var changed = TableSnapshot.Diff(before, await TableSnapshot.TakeAsync(fixture.App.Database));
        var committed = Assert.Single(fixture.Recorder.Writes);
        Assert.NotEmpty(changed);
        Assert.Equal(changed.Select(c => c.ToString()).Order(), committed.Changes.Select(c => c.ToString()).Order());
    }

    [Fact]
    public async Task A_refused_write_commits_nothing_and_reports_nothing()
    {
        var (customer, _, _) = await fixture.Data.CustomerAsync(creditLimit: 1m);
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var order = await fixture.Data.DraftAsync(customer, (product, 2, null));
        var before = await TableSnapshot.TakeAsync(fixture.App.Database);
        fixture.Recorder.Clear();

        var result = await fixture.Data.ConfirmAsync(order); // 20.00 over a 1.00 credit limit

        Assert.False(result.Succeeded);
        Assert.Empty(TableSnapshot.Diff(before, await TableSnapshot.TakeAsync(fixture.App.Database)));
        Assert.Empty(fixture.Recorder.Writes);
    }

    /// <summary>A new store method cannot be left out: each one is a listed write (with a scenario above) or a read.</summary>
    [Fact]
    public void Every_store_method_is_classified_as_a_write_or_a_read()
    {
        var stores = typeof(Db).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsPublic: true }
                        && t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(Db))));
        var methods = stores
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                // Methods that take the caller's UnitOfWork are steps of the writes above, not writes of their own.
                .Where(m => !m.GetParameters().Any(p => p.ParameterType == typeof(UnitOfWork)))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .ToList();

        Assert.NotEmpty(methods);
        var unclassified = methods.Where(m => !Writes.ContainsKey(m) && !Reads.Contains(m) && !Infrastructure.Contains(m)).ToList();
        Assert.True(unclassified.Count == 0,
            $"Store methods neither in Writes (with a scenario) nor in Reads: {string.Join(", ", unclassified)}");
        var stale = Writes.Keys.Concat(Reads).Concat(Infrastructure).Where(m => !methods.Contains(m)).ToList();
        Assert.True(stale.Count == 0, $"Listed methods that no longer exist: {string.Join(", ", stale)}");
    }

    private static CustomerInput NewCustomer() =>
        new("W" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), "Write path customer", null, null, null, 1000m);

    private static ProductInput NewProduct() =>
        new("WP-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), "Write path product", 10m, 0);

    private static async Task<(long Order, long Line)> DraftWithLineAsync(Fixture f)
    {
        var (customer, _, _) = await f.Data.CustomerAsync();
        var (product, _) = await f.Data.ProductAsync(10m, 5);
        var order = await f.Data.DraftAsync(customer, (product, 2, null));
        var line = await f.App.Database.ScalarAsync<long>("SELECT id FROM sales_order_lines WHERE order_id = @order", new { order });
        return (order, line);
    }

    private static async Task<long> NewUserAsync(Fixture f)
    {
        var created = await f.Get<UserStore>().CreateAsync(
            new NewUser($"{Guid.NewGuid():N}@erp.test", "Write path user", Roles.Employee, "hash"), None);
        return created.Row!.Id;
    }

    private static Task<long> AdminIdAsync(Fixture f) =>
        f.App.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email = DemoUsers.AdminEmail });
}
