using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Customers;

public sealed class EditModel(CustomerStore store) : CustomerFormPage
{
    [FromRoute]
    public long Id { get; set; }

    /// <summary>The version the form was loaded with; the save only applies while the row still has it.</summary>
    [BindProperty]
    public int Version { get; set; }

    public override string FormUrl => Url.Page("/Customers/Edit", new { id = Id })!;

    public override int? EditedVersion => Version;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await store.GetAsync(Id, ct) is not { } customer)
        {
            return NotFound();
        }
        Input = CustomerForm.From(customer);
        Version = customer.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var mayCredit = await this.MayAsync(Policies.ManageCredit);
        if (!mayCredit)
        {
            if (await store.GetAsync(Id, ct) is not { } stored)
            {
                return NotFound();
            }
            KeepCreditLimit(CustomerForm.From(stored).CreditLimit);
        }
        if (ValidInput() is not { } input)
        {
            return Invalid();
        }
        var result = await store.UpdateAsync(Id, Version, input, keepCreditLimit: !mayCredit, ct);
        switch (result.Status)
        {
            case SaveStatus.Saved:
                return this.NavigateTo(Url.Page("/Customers/Details", new { id = Id })!);
            case SaveStatus.Conflict:
                Stored = result.Row;
                return this.PageOrFragment("_Form", StatusCodes.Status409Conflict);
            case SaveStatus.Duplicate:
                return Duplicate(result.DuplicateKey);
            default:
                return NotFound();
        }
    }
}
