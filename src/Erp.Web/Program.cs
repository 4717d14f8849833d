using Erp.Web.Hosting;

var command = CommandLine.Parse(args);
if (command.Error is not null)
{
    Console.Error.WriteLine(command.Error);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var builder = WebApplication.CreateBuilder(command.HostArgs);
if (command.Verb == "migrate")
{
    // Needs only ConnectionStrings:Erp: the settings serving demands (signing keys, company) are not read.
    return await CommandLine.MigrateAsync(builder);
}
if (command.Verb == "verify-audit")
{
    return await CommandLine.VerifyAuditAsync(builder);
}
builder.AddErp();
var app = builder.Build();
app.UseErp();
return await command.RunAsync(app);

public partial class Program;
