using Erp.Data.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Admin.Audit;

/// <summary>Where an audited row lives: its record page, or (lines, users, movements) the audit list of that row.</summary>
public static class AuditLinks
{
    public static string Record(IUrlHelper url, string entity, long id) => entity switch
    {
        Entities.Customer => url.Page("/Customers/Details", new { id })!,
        Entities.Product => url.Page("/Products/Details", new { id })!,
        Entities.Order => url.Page("/Orders/Details", new { id })!,
        Entities.Invoice => url.Page("/Invoices/Details", new { id })!,
        _ => url.Page("/Admin/Audit/Index", new { entity, entity_id = id })!,
    };
}
