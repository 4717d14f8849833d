using Erp.Data.Customers;
using Erp.Data.Exports;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Products;
using Erp.Data.Rules;
using Erp.Web.Jobs;
using Microsoft.Extensions.Options;

namespace Erp.Web.Exports;

/// <summary>
/// list-export: writes the list to <c>{id}.csv.part</c> under Files:Path in keyset batches, reporting the rows
/// written, then renames it to <c>{id}.csv</c> and marks the export done in the job's completion. A crash or a
/// retry starts the file again from the top; the export is offered only once the whole file is in place.
/// </summary>
public sealed class ListExportJob(
    ExportStore exports,
    OrderListStore orders,
    CustomerListStore customers,
    ProductListStore products,
    InvoiceListStore invoices,
    CompanyTime time,
    IOptions<FilesOptions> files) : IJobHandler
{
    public string Type => ExportStore.JobType;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var id = run.Read<ExportStore.JobPayload>().ExportId;
        var export = await exports.GetAsync(id, ct) ?? throw new InvalidOperationException($"Export {id} does not exist.");
        if (export.Status is ExportStatus.Done or ExportStatus.Expired)
        {
            return; // finished by an earlier attempt whose completion was not recorded: nothing to redo
        }

        await exports.StartAsync(id, ct);
        var directory = files.Value.ExportsDirectory;
        Directory.CreateDirectory(directory);
        var fileName = $"{id}.csv";
        var final = Path.Combine(directory, fileName);
        var partial = final + ".part";
        long rows;
        await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            rows = await CsvListWriter.WriteAsync(Build(export.ReadQuery()), stream, (written, token) => exports.ProgressAsync(id, written, token), ct);
        }
        File.Move(partial, final, overwrite: true);
        await run.CompleteWithAsync(uow => exports.FinishAsync(uow, id, rows, fileName, files.Value.ExportRetention, ct), ct);
    }

    private IListExport Build(ExportQuery q) => q.List switch
    {
        "orders" => ListExports.Orders(orders, new OrderListQuery(Enum.Parse<OrderSort>(q.Sort!), q.Status, q.CustomerId, q.From, q.ToExclusive, 0), time),
        "customers" => ListExports.Customers(customers, new CustomerListQuery(Enum.Parse<CustomerSort>(q.Sort!), q.Prefix, 0)),
        "products" => ListExports.Products(products, new ProductListQuery(Enum.Parse<ProductSort>(q.Sort!), q.Prefix, 0)),
        "invoices" => ListExports.Invoices(invoices, new InvoiceListQuery(q.Status, q.CustomerId, 0), time),
        _ => throw new InvalidOperationException($"Unknown list '{q.List}'."),
    };
}

/// <summary>list-export-expire: scheduled when an export finishes; after Files:ExportRetention it deletes the file.</summary>
public sealed class ListExportExpireJob(ExportStore exports, IOptions<FilesOptions> files) : IJobHandler
{
    public string Type => ExportStore.ExpireJobType;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var id = run.Read<ExportStore.JobPayload>().ExportId;
        string? fileName = null;
        await run.CompleteWithAsync(async uow => fileName = await exports.ExpireAsync(uow, id, ct), ct);
        if (fileName is not null)
        {
            File.Delete(Path.Combine(files.Value.ExportsDirectory, fileName));
        }
    }
}
