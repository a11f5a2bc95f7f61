// The one place that maps implementation names to backends.
#include "backend.h"

#include "model-backend.h"

namespace wsdsim
{

std::unique_ptr<Backend>
CreateBackend(const std::string& name)
{
    if (name == "model")
    {
        return std::make_unique<ModelBackend>();
    }
    return nullptr;
}

std::vector<std::string>
BackendNames()
{
    return {"model"};
}

} // namespace wsdsim
