namespace Decnet.Engine.Workers;

public enum WorkerState { Starting, Running, Paused, BackingOff, Stopping, Stopped }

public enum WorkerAction { Stop, Pause, Resume, Tick }

public static class WorkerActions
{
    public static bool TryParse(string text, out WorkerAction action)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "stop": action = WorkerAction.Stop; return true;
            case "pause": action = WorkerAction.Pause; return true;
            case "resume": action = WorkerAction.Resume; return true;
            case "tick": action = WorkerAction.Tick; return true;
            default: action = default; return false;
        }
    }

    public static string Name(this WorkerState state) => state switch
    {
        WorkerState.Starting => "starting",
        WorkerState.Running => "running",
        WorkerState.Paused => "paused",
        WorkerState.BackingOff => "backing_off",
        WorkerState.Stopping => "stopping",
        _ => "stopped",
    };
}
