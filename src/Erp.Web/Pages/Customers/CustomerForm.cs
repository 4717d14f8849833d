using Erp.Data.Customers;
using Erp.Data.Rules;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Customers;

/// <summary>The customer form as typed: text only, so a refused value is shown back unchanged.</summary>
public sealed class CustomerForm
{
    public string? Name { get; set; }
    public string? Code { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Country { get; set; }
    public string? Address { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? CreditLimit { get; set; }

    public static CustomerForm From(Customer c) => new()
    {
        Name = c.Name,
        Code = c.Code,
        Email = c.Email,
        Phone = c.Phone,
        Country = c.Country,
        Address = c.Address,
        PostalCode = c.PostalCode,
        City = c.City,
        CreditLimit = Money.FormatForInput(c.CreditLimit),
    };

    /// <summary>Every rule of the customers table (migration 0002), checked before anything is written.</summary>
    public CustomerInput? Validate(ModelStateDictionary modelState, string prefix)
    {
        var rules = new FormRules(modelState, prefix);
        var name = rules.Text(nameof(Name), "Name", Name, 200, required: true);
        var code = rules.Text(nameof(Code), "Code", Code, 20, required: true);
        var email = rules.Email(nameof(Email), "Email", Email, 254, required: false);
        var phone = rules.Text(nameof(Phone), "Phone", Phone, 40, required: false);
        var country = rules.Text(nameof(Country), "Country", Country, 60, required: false);
        var address = rules.Text(nameof(Address), "Address", Address, 200, required: false);
        var postalCode = rules.Text(nameof(PostalCode), "Postal code", PostalCode, 20, required: false);
        var city = rules.Text(nameof(City), "City", City, 100, required: false);
        var creditLimit = rules.Money(nameof(CreditLimit), "Credit limit", CreditLimit);
        return modelState.IsValid
            ? new CustomerInput(code!, name!, email, phone, country, creditLimit!.Value)
            {
                Address = address,
                PostalCode = postalCode,
                City = city,
            }
            : null;
    }
}

/// <summary>What the new and the edit page share: the bound form, where it posts, and how refusals are shown.</summary>
public abstract class CustomerFormPage : PageModel
{
    public const string CodeTaken = "This code is already used by another customer.";

    [BindProperty]
    public CustomerForm Input { get; set; } = new();

    /// <summary>The stored row when a save was refused as stale (409).</summary>
    public Customer? Stored { get; protected set; }

    public string? FormError { get; protected set; }

    public abstract string FormUrl { get; }

    /// <summary>The row version the edit started from (null on the new page).</summary>
    public abstract int? EditedVersion { get; }

    protected CustomerInput? ValidInput() => Input.Validate(ModelState, nameof(Input));

    /// <summary>
    /// The Credit limit is admin-only (Policies.ManageCredit): for anyone else a posted value is
    /// ignored and <paramref name="value"/> (the stored one) is kept, also when the form is shown again.
    /// </summary>
    protected void KeepCreditLimit(string? value)
    {
        Input.CreditLimit = value;
        ModelState.Remove($"{nameof(Input)}.{nameof(CustomerForm.CreditLimit)}");
    }

    protected IActionResult Invalid() => this.PageOrFragment("_Form", StatusCodes.Status422UnprocessableEntity);

    protected IActionResult Duplicate(string? key)
    {
        if (key == CustomerStore.CodeKey)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(CustomerForm.Code)}", CodeTaken);
        }
        else
        {
            FormError = "A customer with these details already exists.";
        }
        return Invalid();
    }
}
