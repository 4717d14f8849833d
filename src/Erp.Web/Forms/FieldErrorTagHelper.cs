using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Erp.Web.Forms;

/// <summary>
/// <c>&lt;field-error for="Input.Email" /&gt;</c> renders the field's first error as
/// <c>role="alert"</c>, and nothing at all when the field is valid (an empty alert region
/// would be announced and found by tests as an error).
/// </summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public required Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var entry = ViewContext.ViewData.ModelState[name];
        var message = entry?.Errors.FirstOrDefault()?.ErrorMessage;
        if (string.IsNullOrEmpty(message))
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("id", TagBuilder.CreateSanitizedId(name, "_") + "-error");
        output.Content.SetContent(message);
    }
}
