using CsvHelper;

namespace Erp.Data.Exports;

/// <summary>
/// Writes an export as RFC 4180 CSV with CsvHelper: UTF-8 with a byte-order mark (so spreadsheet programs
/// detect the encoding), a header row, CRLF line ends, quotes where needed. A text cell that a spreadsheet
/// would run as a formula (starting with =, +, -, @, tab or carriage return) gets an apostrophe in front
/// (CsvHelper's injection escaping, as OWASP advises). Rows stream from the list's keyset batches to the
/// stream, so memory stays flat however long the list.
/// </summary>
public static class CsvListWriter
{
    public const int DefaultBatchSize = 2_000;

    private static CsvWriterOptions Options() => new()
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
    };

    /// <summary>Writes the header and every row, awaiting <paramref name="progress"/> with the rows written after each batch. Returns the row count.</summary>
    public static async Task<long> WriteAsync(IListExport export, Stream output, Func<long, CancellationToken, Task>? progress, CancellationToken ct,
        int batchSize = DefaultBatchSize)
    {
        await using var csv = CsvWriter.Create(output, Options(), leaveOpen: true);
        await csv.WriteRecordAsync([.. export.Headers], ct);

        long rows = 0;
        await foreach (var row in export.RowsAsync(batchSize, ct))
        {
            await csv.WriteRecordAsync([.. row], ct);
            if (++rows % batchSize == 0 && progress is not null)
                await progress(rows, ct);
        }
        await csv.FlushAsync(ct);
        return rows;
    }
}
