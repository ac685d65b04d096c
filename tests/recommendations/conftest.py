import pytest

from recommendations.simulator import NetworkShape, simulate_network

# Small enough for a few seconds, large enough for the engine to find what really helps.
TEST_SHAPE = NetworkShape(seed=0)


@pytest.fixture(scope="module")
def simulated():
    return simulate_network(TEST_SHAPE)


@pytest.fixture(scope="module")
def engine_inputs(simulated):
    return {
        "profiles": simulated.profiles,
        "kpi_months": simulated.kpi_months,
        "exposures": simulated.exposures,
        "items": simulated.items,
    }
