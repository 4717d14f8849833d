using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Erp.Web.Forms;

/// <summary>
/// Marks an input whose field has an error as <c>aria-invalid</c> and points it at the message that
/// <see cref="FieldErrorTagHelper"/> renders, so screen readers read the error with the field.
/// The first invalid input of a response gets <c>autofocus</c>: after htmx swaps a refused form
/// the button that was pressed is gone, and htmx focuses the autofocus element of new content.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
public sealed class AriaInvalidTagHelper : TagHelper
{
    private static readonly object FocusedKey = new();

    [HtmlAttributeName("asp-for")]
    public required ModelExpression For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ViewData.ModelState[For.Name] is not { Errors.Count: > 0 })
        {
            return;
        }
        output.Attributes.SetAttribute("aria-invalid", "true");
        output.Attributes.SetAttribute("aria-describedby", TagBuilder.CreateSanitizedId(For.Name, "_") + "-error");
        if (ViewContext.HttpContext.Items.TryAdd(FocusedKey, true))
        {
            output.Attributes.SetAttribute("autofocus", "autofocus");
        }
    }
}
