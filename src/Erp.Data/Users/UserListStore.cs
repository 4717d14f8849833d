using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Users;

public enum UserSort { Name, Email }

public sealed record UserListItem(long Id, string Email, string DisplayName, string Role, DateTime? LockedUntil, DateTime? DisabledAt);

/// <summary>One page of users; <see cref="Prefix"/> matches the start of the sorted column.</summary>
public sealed record UserListQuery(UserSort Sort, string? Prefix, int Limit, KeysetPosition? After = null);

public sealed class UserListStore(Db db)
{
    public async Task<Page<UserListItem>> PageAsync(UserListQuery query, CancellationToken ct)
    {
        var (sql, args) = TextSortedList.PageCommand(
            "id, email, display_name AS DisplayName, role, locked_until AS LockedUntil, disabled_at AS DisabledAt", "users",
            query.Sort switch
            {
                UserSort.Name => new TextSort("ix_users_display_name", "display_name", Unique: false),
                UserSort.Email => new TextSort(UserStore.EmailKey, "email", Unique: true),
                _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "Unknown sort."),
            }, query.Prefix, query.Limit, query.After);
        await using var connection = await db.OpenAsync(ct);
        return Keyset.ToPage(await connection.QueryAsync<UserListItem>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit, query.After);
    }

    public static object SortKey(UserListItem row, UserSort sort) => sort == UserSort.Email ? row.Email : row.DisplayName;
}
