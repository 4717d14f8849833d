namespace Erp.Data.Paging;

/// <summary>
/// Which rows a keyset page takes relative to a position: the rows after it (<c>cursor</c>), the rows
/// before it (<c>before</c>: the keyset flipped on the same index, re-reversed), or the rows from it on,
/// the position's own row first (<c>at</c>: a list opened at a row).
/// </summary>
public enum Seek { After, Before, From }

/// <summary>Where a keyset page starts: the sort key of a row (DateTime, decimal or string), its id, and the direction.</summary>
public sealed record KeysetPosition(object Key, long Id, Seek Seek = Seek.After)
{
    /// <summary>A before page reads the index the other way (and the rows are reversed back afterwards).</summary>
    public static bool Backward(KeysetPosition? position) => position?.Seek == Seek.Before;
}

public sealed record Page<T>(IReadOnlyList<T> Rows, bool HasMore);

/// <summary>
/// SQL fragments for keyset pages. The predicate is always the expanded form: MariaDB runs the
/// row constructor (k, id) &lt; (@k, @id) as a full index scan (measured 827 ms against 0.5 ms at depth
/// 450K of 500K rows; ADR 0001).
/// Key names come from each store's switch over allowed sorts, never from input.
/// </summary>
public static class Keyset
{
    /// <remarks>
    /// A unique key (SKU, customer code) is its own tie-breaker: MariaDB does not extend a UNIQUE
    /// index with the primary key for ORDER BY, so "code, id" would filesort; "code" alone is exact.
    /// </remarks>
    public static string After(string key, bool descending, bool unique = false, bool inclusive = false)
    {
        var (less, idLess) = (descending, inclusive) switch
        {
            (true, false) => ("<", "<"),
            (true, true) => ("<", "<="),
            (false, false) => (">", ">"),
            (false, true) => (">", ">="),
        };
        return unique
            ? $"{key} {(inclusive ? less + "=" : less)} @afterKey"
            : $"({key} {less} @afterKey OR ({key} = @afterKey AND id {idLess} @afterId))";
    }

    /// <summary>The page query's predicate for a position: a before page flips the comparison, an at page includes the row.</summary>
    public static string Seeking(KeysetPosition position, string key, bool descending, bool unique = false) =>
        After(key, descending != (position.Seek == Seek.Before), unique, inclusive: position.Seek == Seek.From);

    /// <summary>ORDER BY of a page: reversed for a before page, whose rows <see cref="ToPage{T}(IEnumerable{T}, int, KeysetPosition?)"/> turns back.</summary>
    public static string OrderBy(string key, bool descending, bool unique, KeysetPosition? position) =>
        OrderBy(key, descending != KeysetPosition.Backward(position), unique);

    public static string OrderBy(string key, bool descending, bool unique = false) => (descending, unique) switch
    {
        (true, false) => $"{key} DESC, id DESC",
        (false, false) => $"{key}, id",
        (true, true) => $"{key} DESC",
        (false, true) => key,
    };

    /// <summary>
    /// Reads limit + 1 rows; the extra one only says whether another page exists (for a before page:
    /// another page before this one). A before page's rows come in reverse and are put back in list order.
    /// </summary>
    public static Page<T> ToPage<T>(IEnumerable<T> rows, int limit, KeysetPosition? position = null)
    {
        var list = rows.ToList();
        var hasMore = list.Count > limit;
        if (hasMore)
        {
            list.RemoveAt(list.Count - 1);
        }
        if (KeysetPosition.Backward(position))
        {
            list.Reverse();
        }
        return new Page<T>(list, hasMore);
    }

    /// <summary>Escapes LIKE wildcards so a user's text is matched as a plain prefix.</summary>
    public static string Prefix(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

/// <summary>Collects a page query's WHERE clauses and parameters (limit + 1 rows as @take).</summary>
public sealed class KeysetFilter
{
    private readonly List<string> _clauses = [];

    public KeysetFilter(int limit) => Args = new Dapper.DynamicParameters(new { take = limit + 1 });

    public Dapper.DynamicParameters Args { get; }

    public string Where => _clauses.Count > 0 ? "WHERE " + string.Join(" AND ", _clauses) : "";

    public KeysetFilter Add(string clause, string name, object? value)
    {
        if (value is not null)
        {
            _clauses.Add(clause);
            Args.Add(name, value);
        }
        return this;
    }

    public KeysetFilter After(KeysetPosition? after, string key, bool descending, bool unique = false)
    {
        if (after is not null)
        {
            _clauses.Add(Keyset.Seeking(after, key, descending, unique));
            Args.Add("afterKey", after.Key);
            Args.Add("afterId", after.Id);
        }
        return this;
    }
}

/// <summary>The sort of a list ordered by one text column: its index, the column, and whether it is unique.</summary>
public sealed record TextSort(string Index, string Key, bool Unique);

/// <summary>Keyset pages of a table sorted A–Z by one text column and filtered by a prefix of that column (customers, products).</summary>
public static class TextSortedList
{
    public static (string Sql, Dapper.DynamicParameters Args) PageCommand(string columns, string table, TextSort sort,
        string? prefix, int limit, KeysetPosition? after)
    {
        var filter = new KeysetFilter(limit)
            .Add($"{sort.Key} LIKE @prefix", "prefix", string.IsNullOrEmpty(prefix) ? null : Keyset.Prefix(prefix))
            .After(after, sort.Key, descending: false, sort.Unique);
        var sql = $"""
            SELECT {columns}
            FROM {table} FORCE INDEX ({sort.Index})
            {filter.Where}
            ORDER BY {Keyset.OrderBy(sort.Key, descending: false, sort.Unique, after)}
            LIMIT @take
            """;
        return (sql, filter.Args);
    }
}
