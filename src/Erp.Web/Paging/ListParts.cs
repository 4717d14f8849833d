namespace Erp.Web.Paging;

/// <summary>
/// Model of Shared/_ListStatusRow: the error or "nothing found" row inside a list's tbody;
/// <paramref name="EmptyMessage"/> says why a list is empty when the generic sentence would not (an unknown customer code).
/// </summary>
public sealed record ListStatusRow(string Entity, int Columns, string? Error, bool Empty, string FirstPageUrl, string? EmptyMessage = null);
