namespace Decnet.Engine.Emailgen;

/// <summary>The conversation topics and which departments talk about which.</summary>
public static class MailTopics
{
    public const string Invoice = "invoice";
    public const string ItTicket = "it_ticket";
    public const string Project = "project";
    public const string Meeting = "meeting";
    public const string Hr = "hr";
    public const string Vendor = "vendor";

    public static readonly IReadOnlyList<string> All = [Invoice, ItTicket, Project, Meeting, Hr, Vendor];

    public static IReadOnlyList<string> ForDepartment(string department) => department switch
    {
        "Finance" => [Invoice, Invoice, Vendor, Meeting, ItTicket],
        "IT" => [ItTicket, ItTicket, Project, Meeting, Vendor],
        "HR" => [Hr, Hr, Meeting, ItTicket],
        "Sales" => [Project, Vendor, Meeting, Invoice],
        "Engineering" => [Project, Project, ItTicket, Meeting],
        "Operations" => [Vendor, Vendor, Invoice, Project, Meeting],
        "Management" => [Meeting, Project, Hr, Vendor],
        _ => All,
    };

    /// <summary>Who a topic's opening message goes to, by preference (the IT desk gets the tickets).</summary>
    public static string? PreferredRecipientDepartment(string topic) => topic switch
    {
        ItTicket => "IT",
        Invoice => "Finance",
        Hr => "HR",
        Vendor => "Operations",
        _ => null,
    };
}
