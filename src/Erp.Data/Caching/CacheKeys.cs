using System.Globalization;
using Erp.Data.Infrastructure;

namespace Erp.Data.Caching;

/// <summary>
/// Every cache key and tag, in one place (ADR 0010). A record's tag is its change-list name
/// ("customer:42"), so a committed write removes exactly the entries built from that row; list
/// and picker entries carry one tag per list, removed by any change to a row they show.
/// </summary>
public static class CacheKeys
{
    public const string CustomersList = "list:customers";
    public const string ProductsList = "list:products";
    public const string OrdersList = "list:orders";
    public const string InvoicesList = "list:invoices";
    public const string CustomerPicks = "pick:customers";
    public const string ProductPicks = "pick:products";
    public const string Dashboard = "dashboard";

    public static string Tag(string entity, long id) => new EntityChange(entity, id).ToString();

    public static string Customer(long id) => Tag(Entities.Customer, id);
    public static string Product(long id) => Tag(Entities.Product, id);
    public static string ProductMovements(long id) => Product(id) + ":movements";
    public static string Order(long id) => Tag(Entities.Order, id);
    public static string Invoice(long id) => Tag(Entities.Invoice, id);
    /// <summary>An invoice's PDF state and e-mails (ADR 0011); its own tag, removed by the jobs that change them.</summary>
    public static string InvoiceDocuments(long id) => Invoice(id) + ":documents";

    /// <summary>A first page: the list's tag plus every filter that shapes it, in a fixed order.</summary>
    public static string FirstPage(string list, params object?[] filters) =>
        list + ":" + string.Join(":", filters.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture) ?? "-"));

    public static string Picks(string picker, string text) => picker + ":" + text;

    // The lists' customer filter: one customer by id or by exact code. Tagged like the picker (any
    // customer change removes them), but under their own prefix: a picker key holds typed text, so
    // sharing its prefix would let a typed "id=42" name the same entry as a different type.
    public static string CustomerById(long id) => "find:customer:id:" + id.ToString(CultureInfo.InvariantCulture);
    public static string CustomerByCode(string code) => "find:customer:code:" + code;

    /// <summary>
    /// The tags a committed change removes: the row's own entries and every list or picker that
    /// shows it (order and invoice lists show customer names). Order lines, invoice lines and stock
    /// movements always come with their order or product in the same change list.
    /// </summary>
    public static IEnumerable<string> TagsToRemove(EntityChange change) => change.Entity switch
    {
        Entities.Customer => [change.ToString(), CustomersList, OrdersList, InvoicesList, CustomerPicks],
        Entities.Product => [change.ToString(), ProductsList, ProductPicks],
        Entities.Order => [change.ToString(), OrdersList],
        Entities.Invoice => [change.ToString(), InvoicesList],
        _ => [],
    };
}
