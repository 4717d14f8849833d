using Erp.Web.Hosting;

var command = CommandLine.Parse(args);
if (command.Error is not null)
{
    Console.Error.WriteLine(command.Error);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var builder = WebApplication.CreateBuilder(command.HostArgs);
builder.AddErp();
var app = builder.Build();
app.UseErp();
return await command.RunAsync(app);

public partial class Program;
