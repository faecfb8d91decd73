"""How long a widget may compute: work estimated over the budget is refused before it starts."""
from ..cost import step_seconds

WIDGET_SECONDS = 2.0  # a walkthrough widget's call estimated above this is refused


def too_costly(seconds):
    """A widget's problem ({"key", "message", ...}) when its call is estimated (by
    cost.step_seconds) to take over WIDGET_SECONDS; None when it is quick enough."""
    if seconds <= WIDGET_SECONDS:
        return None
    shown = float(f"{seconds:.2g}")
    return {"key": "too_costly", "message": f"at this model's size this would take up to about "
            f"{shown:g} s (the limit here is {WIDGET_SECONDS:g} s): try a shorter name or a "
            "smaller model", "seconds": shown, "limit": WIDGET_SECONDS}


def scalar_pass_problem(num_params, positions):
    """too_costly for a pass of Values (a trace, a preview step) over `positions`: one costs
    about a scalar training step (measured: 1.0-1.6 times one)."""
    return too_costly(step_seconds("scalar", num_params, positions))
