using Decnet.Commands;

return await CommandTree.InvokeAsync(CommandHost.ForProcess(args));
