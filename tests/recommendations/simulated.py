"""The simulated network the engine's tests share (a module, not a conftest: the Django side of
recommendations has its own fixtures in this package)."""

from functools import cache

from recommendations.simulator import NetworkShape, SimulatedNetwork, simulate_network

# Small enough for a few seconds, large enough for the engine to find what really helps.
TEST_SHAPE = NetworkShape(seed=0)


@cache
def simulated_network() -> SimulatedNetwork:
    """Simulated once per test process; the frames are read, never changed."""
    return simulate_network(TEST_SHAPE)


def engine_inputs() -> dict:
    network = simulated_network()
    return {
        "profiles": network.profiles,
        "kpi_months": network.kpi_months,
        "exposures": network.exposures,
        "items": network.items,
    }
