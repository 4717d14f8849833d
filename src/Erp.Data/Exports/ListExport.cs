using Erp.Data.Paging;

namespace Erp.Data.Exports;

/// <summary>One column of an exported list: its header and the text of a row's cell.</summary>
public sealed record ExportColumn<T>(string Header, Func<T, string?> Cell);

/// <summary>
/// What an export writes: the columns, and the list's own keyset query read in batches (never cached,
/// never OFFSET) from a position to the next. Built by <see cref="ListExports"/> from the same query
/// objects the list pages use, so the file holds exactly the rows the list shows, in its order.
/// </summary>
public sealed class ListExport<T>(
    string list,
    IReadOnlyList<ExportColumn<T>> columns,
    Func<KeysetPosition?, int, CancellationToken, Task<Page<T>>> readBatch,
    Func<T, KeysetPosition> positionOf) : IListExport
{
    public string List => list;
    public IReadOnlyList<string> Headers { get; } = [.. columns.Select(c => c.Header)];

    /// <summary>Every row of the list from the top, <paramref name="batchSize"/> rows per query.</summary>
    public async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(int batchSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        KeysetPosition? after = null;
        while (true)
        {
            var page = await readBatch(after, batchSize, ct);
            foreach (var row in page.Rows)
                yield return [.. columns.Select(c => c.Cell(row))];
            if (!page.HasMore || page.Rows.Count == 0)
                yield break;
            var next = positionOf(page.Rows[^1]);
            if (next == after)
                throw new InvalidOperationException($"The {list} export did not advance past {next}: its position does not match the list's sort.");
            after = next;
        }
    }
}

/// <summary>An export without its row type, for the writer.</summary>
public interface IListExport
{
    string List { get; }
    IReadOnlyList<string> Headers { get; }
    IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(int batchSize, CancellationToken ct);
}
