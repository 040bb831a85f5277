using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Hosting;

/// <summary>
/// Checks the settings that can only be judged against the machine (provider names, a writable data
/// directory) before anything else starts, so a bad value stops the server with a message naming the key.
/// </summary>
internal static class StartupValidation
{
    public static void ValidateOrThrow(IConfiguration configuration)
    {
        var errors = new List<string>();

        var provider = configuration["Database:Provider"] ?? "sqlite";
        if (provider is not ("sqlite" or "postgres"))
        {
            errors.Add($"Database:Provider must be 'sqlite' or 'postgres' (got '{provider}').");
        }
        else if (provider == "postgres" && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Default")))
        {
            errors.Add("ConnectionStrings:Default is required when Database:Provider is 'postgres'.");
        }

        var dataDirectory = configuration["DataDirectory"] ?? "./data";
        try
        {
            var full = Path.GetFullPath(dataDirectory);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add($"DataDirectory '{dataDirectory}' is not writable: {ex.Message}");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException("configuration", typeof(ServerOptions), errors);
        }
    }
}
